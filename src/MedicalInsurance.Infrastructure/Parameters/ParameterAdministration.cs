using System.Text.Json;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// Administrators enter or correct parameter rows. A change is refused unless the whole catalog still loads with it;
/// it is audited with the value before and after, and the next calculation uses it. Issued registrations keep their
/// snapshot.
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

    /// <summary>Saves the edit; returns null, or what is wrong with it.</summary>
    public async Task<string?> SaveAsync(ParameterEdit edit, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(actor);
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

        if (edit.PoolingRegion is { } region && RegionDirectory.Shipped.Find(region)?.Level != RegionLevel.City)
        {
            return "统筹地区须为地市级行政区划代码";
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.PolicyParameters.ToListAsync(cancellationToken);
        var row = edit.Id is { } id ? rows.FirstOrDefault(r => r.Id == id) : null;
        if (edit.Id is not null && row is null)
        {
            return "该参数已不存在，请刷新";
        }

        var before = row is null ? null : new { row.Value, row.FromYear, row.ToYear, row.Status, row.Citation };
        if (row is null)
        {
            row = new ParameterRow { Province = edit.Province, PoolingRegion = edit.PoolingRegion, Name = edit.Name, Value = edit.Value, Status = edit.Status, Citation = edit.Citation, Source = actor.UserName };
            // A new row for the same parameter goes first: it is the most specific entry an administrator made.
            foreach (var other in rows.Where(r => r.Province == row.Province && r.PoolingRegion == row.PoolingRegion && r.Name == row.Name).OrderByDescending(r => r.Position))
            {
                other.Position++;
            }

            db.PolicyParameters.Add(row);
            rows.Add(row);
        }

        (row.FromYear, row.ToYear, row.Value, row.Status, row.Citation, row.Source, row.UpdatedAt) =
            (edit.FromYear, edit.ToYear, edit.Value.Trim(), edit.Status, edit.Citation.Trim(), actor.UserName, time.GetUtcNow());
        try
        {
            PolicyDocument.ToCatalog(rows);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return "参数无法使用：" + ex.Message;
        }

        AuditLog.Add(db, actor, "parameter", null, new { row.Province, row.PoolingRegion, row.Name, before, after = new { row.Value, row.FromYear, row.ToYear, row.Status, row.Citation } });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        catalogs.Invalidate();
        return null;
    }
}
