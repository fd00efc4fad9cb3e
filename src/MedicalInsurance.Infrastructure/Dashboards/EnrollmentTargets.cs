using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Sets a county's enrollment-rate target for a year: a supervisor for a county within their division, an administrator
/// for any county (a target holds no one's personal data). Validated, audited with the value it replaces, in one
/// transaction; the key (county, year) makes a repeated save replace rather than double.
/// </summary>
public sealed class EnrollmentTargets(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time)
{
    public const string PercentField = "percent";

    public const string YearField = "year";

    /// <summary>The first year of the long-term mechanism's figures (as the lists of the uninsured).</summary>
    public const int FirstYear = 2025;

    /// <summary>Whether the caller may set the county's target.</summary>
    public static bool CanSet(UserScope scope, string county)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return (scope.Role == Roles.Supervisor && scope.Covers(county))
               || (scope.Role == Roles.Administrator && RegionDirectory.Shipped.IsCounty(county));
    }

    /// <summary>Why no target can be set for the year (a county's or a city's): from 2025 to next year only; or null.</summary>
    public static string? YearProblem(TimeProvider time, int year)
    {
        ArgumentNullException.ThrowIfNull(time);
        var last = Math.Min(Domain.Time.ChinaCalendar.Today(time).Year + 1, RegionPolicy.MaxYear);
        return year < FirstYear || year > last ? "该参保年度不能设定目标：只能为2025年度至下一年度设定。" : null;
    }

    /// <summary>Why a value cannot be a target (0 to 100, at most one decimal), or null.</summary>
    public static string? Problem(decimal? percent) =>
        percent is not { } p ? "请填写目标参保率。"
        : p is < 0m or > 100m ? "目标参保率须在0至100之间。"
        : decimal.Round(p, 1) != p ? "目标参保率最多保留一位小数。"
        : null;

    public async Task<TargetOutcome> SetAsync(UserScope scope, string county, int year, decimal? percent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!CanSet(scope, county))
        {
            return new TargetOutcome.Refused();
        }

        if (YearProblem(time, year) is { } yearProblem)
        {
            return new TargetOutcome.Invalid(YearField, yearProblem);
        }

        if (Problem(percent) is { } problem)
        {
            return new TargetOutcome.Invalid(PercentField, problem);
        }

        var value = percent!.Value;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row locked while read, so the audit's "before" is the value this save replaces.
        var stored = await db.EnrollmentTargets.FromSql($"select * from enrollment_targets where county = {CharParameter.Of(county)} and year = {year} for update")
            .FirstOrDefaultAsync(cancellationToken);
        var before = stored?.Percent;
        if (stored is null)
        {
            db.EnrollmentTargets.Add(new EnrollmentTarget { County = county, Year = year, Percent = value, SetBy = scope.UserName, SetAt = time.GetUtcNow() });
        }
        else
        {
            (stored.Percent, stored.SetBy, stored.SetAt) = (value, scope.UserName, time.GetUtcNow());
        }

        AuditLog.Add(db, scope.Actor, "enrollment-target", null, new { county, year, before, after = value });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new TargetOutcome.Saved(value, before);
    }
}
