using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// Records cover held elsewhere: the coverage record, the audit entry and the file's recomputed results (which mark the
/// household county's dashboard figures pending) in one transaction. It counts as insured exactly like local cover
/// (RULES §1); the unique (person, year, scheme) key makes a second attempt at the same year and scheme harmless.
/// </summary>
public sealed class CoverElsewhere(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    public const int EvidenceMaxLength = 200;

    /// <summary>The first coverage year a record can be entered for: the year before the mechanism's counting start.</summary>
    public const int FirstYear = 2024;

    /// <summary>
    /// The request's own faults, field by field, before any file is read: the year from <see cref="FirstYear"/> to next
    /// year, a county-level division of the country other than <paramref name="householdCounty"/> (a record there is
    /// local cover, made by registration or import), and the evidence.
    /// </summary>
    public static ElsewhereOutcome.Invalid? Validate(ElsewhereRequest request, string householdCounty, DateOnly today, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(regions);
        if (request.Year < FirstYear || request.Year > today.Year + 1)
        {
            return new(nameof(ElsewhereRequest.Year), $"参保年度须在{FirstYear}年至{today.Year + 1}年之间");
        }

        if (!Enum.IsDefined(request.Scheme))
        {
            return new(nameof(ElsewhereRequest.Scheme), "请选择险种");
        }

        if (!regions.IsCountyLevel(request.County))
        {
            return new(nameof(ElsewhereRequest.County), "请选择参保地所在的县级行政区划");
        }

        if (request.County == householdCounty)
        {
            return new(nameof(ElsewhereRequest.County), "参保地是户籍所在县区，属本地参保：请通过迟参保登记或数据导入记录");
        }

        var evidence = request.Evidence?.Trim() ?? "";
        if (evidence.Length == 0)
        {
            return new(nameof(ElsewhereRequest.Evidence), "请填写参保凭证编号或查询流水号");
        }

        if (evidence.Length > EvidenceMaxLength)
        {
            return new(nameof(ElsewhereRequest.Evidence), $"参保凭证不超过{EvidenceMaxLength}个字");
        }

        return null;
    }

    /// <summary>
    /// Another province's cover is <see cref="CoverageOrigin.AnotherProvince"/>, as an import marks it; another county of
    /// the household province is <see cref="CoverageOrigin.Elsewhere"/>.
    /// </summary>
    public static CoverageOrigin OriginOf(string county, string householdCounty, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(regions);
        return regions.ProvinceOf(county)?.Code == regions.ProvinceOf(householdCounty)?.Code ? CoverageOrigin.Elsewhere : CoverageOrigin.AnotherProvince;
    }

    public async Task<ElsewhereOutcome> RecordAsync(ElsewhereRequest request, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanRegister)
        {
            return new ElsewhereOutcome.NotAllowed();
        }

        var regions = RegionDirectory.Shipped;
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await PersonFiles.LoadAsync(db, request.PersonId, cancellationToken) is not { } file || !scope.Covers(file.Person.HouseholdCounty))
        {
            return new ElsewhereOutcome.NotFound();
        }

        var household = file.Person.HouseholdCounty;
        if (Validate(request, household, today, regions) is { } invalid)
        {
            return invalid;
        }

        // A record before the birth year is one the engine refuses (RULES §5): written, it would stop every calculation of the file.
        if (request.Year < file.Person.BirthDate.Year)
        {
            return new ElsewhereOutcome.Invalid(nameof(ElsewhereRequest.Year), $"参保年度不能早于出生年度（{file.Person.BirthDate.Year}年）");
        }

        if (file.Coverages.Any(c => c.Year == request.Year && c.Scheme == request.Scheme))
        {
            return new ElsewhereOutcome.AlreadyRecorded(request.Year, request.Scheme);
        }

        var now = time.GetUtcNow();
        var evidence = request.Evidence.Trim();
        var coverage = new Coverage
        {
            PersonId = file.Person.Id,
            Year = request.Year,
            Scheme = request.Scheme,
            PoolingRegion = regions.CityOf(request.County),
            County = request.County,
            Origin = OriginOf(request.County, household, regions),
            Evidence = evidence,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Coverages.Add(coverage);
            await db.SaveChangesAsync(cancellationToken);
            AuditLog.Add(db, scope.Actor, "coverElsewhere", file.Person.Id,
                new { year = request.Year, scheme = request.Scheme.ToString(), county = request.County, evidence, coverage = coverage.Id });
            // Read again inside the transaction, as a registration does: a record an import merged since is counted too.
            var current = await PersonFiles.LoadAsync(db, file.Person.Id, cancellationToken, withRepairs: true) ?? file;
            await ComputedResults.ReplaceAsync(db, [current], today, catalog, regions, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await reads.AfterWriteAsync(scope, cancellationToken);
            return new ElsewhereOutcome.Recorded(coverage.Id, current);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            return new ElsewhereOutcome.AlreadyRecorded(request.Year, request.Scheme);
        }
    }

    public static string SchemeName(Scheme scheme) => scheme switch
    {
        Scheme.Resident => "居民医保",
        Scheme.Employee => "职工医保",
        _ => "其他公共保障",
    };
}
