using System.Text.Json;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// Administrators enter or correct parameter rows. A change is refused unless the whole catalog still loads with it;
/// before it is saved its impact on the stored files can be previewed; it is audited with the value before and after,
/// the reason and the preview's figures, and the next calculation uses it. Issued registrations keep their snapshot.
/// </summary>
public sealed class ParameterAdministration(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time)
{
    public async Task<IReadOnlyList<ParameterRow>> ListAsync(string? province, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.PolicyParameters.AsNoTracking();
        if (!string.IsNullOrEmpty(province))
        {
            query = query.Where(p => p.Province == province || p.Province == ParameterRow.Shared);
        }

        return await query.OrderBy(p => p.Province).ThenBy(p => p.PoolingRegion).ThenBy(p => p.Name).ThenBy(p => p.Position).ToListAsync(cancellationToken);
    }

    /// <summary>What is wrong with an edit before the catalog is tried with it; null when nothing is.</summary>
    public static string? Check(ParameterEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        if (ParameterDefinition.Find(edit.Name) is null)
        {
            return "没有这个参数。";
        }

        if (!PolicyDocument.IsJson(edit.Value))
        {
            return "取值须为JSON（数字、对象或列表），例如 300000 或 {\"amount\": 2000}";
        }

        if (edit.Status is not ("confirmed" or "interpretation" or "unconfirmed"))
        {
            return "状态须为 confirmed（已确认）、interpretation（解释口径）或 unconfirmed（暂定）";
        }

        if (string.IsNullOrWhiteSpace(edit.Citation))
        {
            return "须注明政策依据";
        }

        if (edit.FromYear is < RegionPolicy.MinYear or > RegionPolicy.MaxYear || edit.ToYear is < RegionPolicy.MinYear or > RegionPolicy.MaxYear)
        {
            return "年度须在1990至2200之间。";
        }

        if (edit.FromYear > edit.ToYear)
        {
            return "截止年度不能早于起始年度。";
        }

        if (edit.PoolingRegion is { } region && RegionDirectory.Shipped.Find(region)?.Level != RegionLevel.City)
        {
            return "统筹地区须为地市级行政区划代码";
        }

        return null;
    }

    /// <summary>
    /// What the edit would do to the stored files (nothing is written): refused, as saving would be, when the catalog does
    /// not load with it.
    /// </summary>
    public async Task<ParameterPreview> PreviewAsync(ParameterEdit edit, CancellationToken cancellationToken = default)
    {
        if (Check(edit) is { } error)
        {
            return new ParameterPreview.Refused(error);
        }

        List<ParameterRow> rows;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            rows = await db.PolicyParameters.AsNoTracking().ToListAsync(cancellationToken);
        }

        var before = rows.Count == 0 ? PolicyCatalog.Shipped : PolicyDocument.ToCatalog(rows);
        var fromYear = FirstYearChanged(rows, edit);
        var (_, _, refusal) = Apply(rows, edit, "preview", time.GetUtcNow(), null);
        PolicyCatalog? after = null;
        if ((refusal ?? Load(rows, out after)) is { } refused)
        {
            return new ParameterPreview.Refused(refused);
        }

        var impact = await ImpactSweep.ComputeAsync(factory, edit.Province, edit.PoolingRegion, before, after!, fromYear, ChinaCalendar.Today(time), time.GetUtcNow(), cancellationToken);
        return new ParameterPreview.Shown(impact);
    }

    /// <summary>
    /// Saves the edit, audited with who made it, <paramref name="reason"/> and the figures of the <paramref name="impact"/>
    /// it was previewed with; returns null, or what is wrong with it.
    /// </summary>
    public async Task<string?> SaveAsync(ParameterEdit edit, string reason, ParameterImpact? impact, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(actor);
        if (Check(edit) is { } error)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return "须说明修改原因";
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.PolicyParameters.ToListAsync(cancellationToken);
        var (row, before, refusal) = Apply(rows, edit, actor.UserName, time.GetUtcNow(), db);
        if ((refusal ?? Load(rows, out _)) is { } refused)
        {
            return refused;
        }

        var after = new { row!.Value, row.FromYear, row.ToYear, row.Status, row.Citation };
        AuditLog.Add(db, actor, "parameter", null, new { row.Province, row.PoolingRegion, row.Name, before, after, reason = reason.Trim(), impact = impact?.Summary });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogs.Invalidate();
        return null;
    }

    /// <summary>
    /// The first coverage year whose parameter values the edit can change (null: any): the first year of the row's validity,
    /// before and after the edit. A stored result of year T reads the parameters of T and the years before it only, and
    /// which years a file has results for reads the mechanism's start year of this year: an edit of the start year reaches
    /// every year.
    /// </summary>
    private static int? FirstYearChanged(List<ParameterRow> rows, ParameterEdit edit)
    {
        var existing = edit.Id is { } id ? rows.FirstOrDefault(r => r.Id == id) : null;
        if (edit.Name == "startYear" || edit.FromYear is null || existing is { FromYear: null })
        {
            return null;
        }

        return existing?.FromYear is { } was ? Math.Min(was, edit.FromYear.Value) : edit.FromYear;
    }

    /// <summary>
    /// Applies the edit to <paramref name="rows"/> (a new row is added to them, and to <paramref name="db"/> when given): the
    /// row, its values before, or what is wrong.
    /// </summary>
    private static (ParameterRow? Row, object? Before, string? Error) Apply(List<ParameterRow> rows, ParameterEdit edit, string userName, DateTimeOffset now, MedicalInsuranceDbContext? db)
    {
        var row = edit.Id is { } id ? rows.FirstOrDefault(r => r.Id == id) : null;
        if (edit.Id is not null && row is null)
        {
            return (null, null, "该参数已不存在，请刷新");
        }

        var before = row is null ? null : new { row.Value, row.FromYear, row.ToYear, row.Status, row.Citation };
        if (row is null)
        {
            row = new ParameterRow { Province = edit.Province, PoolingRegion = edit.PoolingRegion, Name = edit.Name, Value = edit.Value, Status = edit.Status, Citation = edit.Citation, Source = userName };
            // A new row for the same parameter goes first: it is the most specific entry an administrator made.
            foreach (var other in rows.Where(r => r.Province == row.Province && r.PoolingRegion == row.PoolingRegion && r.Name == row.Name).OrderByDescending(r => r.Position))
            {
                other.Position++;
            }

            db?.PolicyParameters.Add(row);
            rows.Add(row);
        }

        (row.FromYear, row.ToYear, row.Value, row.Status, row.Citation, row.Source, row.UpdatedAt) =
            (edit.FromYear, edit.ToYear, edit.Value.Trim(), edit.Status, edit.Citation.Trim(), userName, now);
        return (row, before, null);
    }

    /// <summary>The catalog of <paramref name="rows"/>, or why it does not load.</summary>
    private static string? Load(List<ParameterRow> rows, out PolicyCatalog? catalog)
    {
        try
        {
            catalog = PolicyDocument.ToCatalog(rows);
            return null;
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            catalog = null;
            return "参数无法使用：" + ex.Message;
        }
    }
}
