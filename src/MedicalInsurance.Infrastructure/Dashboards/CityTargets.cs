using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Sets a city's (市、州) target of insured persons for a year. The province splits the national bureau's 参保人数规模目标
/// among its cities (Guizhou 黔医保发〔2024〕18号 六: "将每年国家医保局下达的参保人数规模目标分解到各市、州"), so only a user
/// whose scope is the whole province sets it: an administrator for any city, a supervisor of the city's province; never
/// the city's or a county's own users. Validated, audited with the value it replaces, in one transaction; the key
/// (city, year) makes a repeated save replace rather than double. Offered for every province, not only Guizhou.
/// </summary>
public sealed class CityTargets(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time)
{
    public const string PersonsField = "persons";

    /// <summary>
    /// The largest target accepted: more than any prefecture-level division's population (the largest hold about 20
    /// million), so a larger number is a typing error, not a target.
    /// </summary>
    public const int MaxPersons = 50_000_000;

    /// <summary>Whether the caller may set the city's target: a city of the directory, within a province the caller covers whole.</summary>
    public static bool CanSet(UserScope scope, string city)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var regions = RegionDirectory.Shipped;
        if (regions.Find(city) is not { Level: RegionLevel.City } || !regions.IsServed(city))
        {
            return false;
        }

        return scope.Role == Roles.Administrator
               || (scope.Role == Roles.Supervisor && regions.Find(scope.ScopeCode) is { Level: RegionLevel.Province } province
                   && regions.ProvinceOf(city)?.Code == province.Code);
    }

    /// <summary>Why a value cannot be a city's target (a whole number of persons, 1 to <see cref="MaxPersons"/>), or null.</summary>
    public static string? Problem(decimal? persons) =>
        persons is not { } p ? "请填写目标参保人数。"
        : decimal.Truncate(p) != p ? "目标参保人数须为整数。"
        : p < 1m ? "目标参保人数须大于0。"
        : p > MaxPersons ? "目标参保人数不能超过5000万人。"
        : null;

    /// <summary>
    /// A city's completion: its insured against the chosen population (户籍人口 or 常住人口, as its rate), summed over its
    /// counties with a population imported, at or above the target. Without a population no count compares.
    /// </summary>
    public static TargetCompletion Completion(int? target, Figures population, PopulationBasis basis)
    {
        ArgumentNullException.ThrowIfNull(population);
        return target is not { } persons ? TargetCompletion.NoTarget
            : !population.HasPopulation ? TargetCompletion.NoPopulation
            : population.PopulationInsured(basis) >= persons ? TargetCompletion.Met : TargetCompletion.NotMet;
    }

    public async Task<CityTargetOutcome> SetAsync(UserScope scope, string city, int year, decimal? persons, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!CanSet(scope, city))
        {
            return new CityTargetOutcome.Refused();
        }

        if (EnrollmentTargets.YearProblem(time, year) is { } yearProblem)
        {
            return new CityTargetOutcome.Invalid(EnrollmentTargets.YearField, yearProblem);
        }

        if (Problem(persons) is { } problem)
        {
            return new CityTargetOutcome.Invalid(PersonsField, problem);
        }

        var value = (int)persons!.Value;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row locked while read, so the audit's "before" is the value this save replaces.
        var stored = await db.CityTargets.FromSql($"select * from city_targets where city = {CharParameter.Of(city)} and year = {year} for update")
            .FirstOrDefaultAsync(cancellationToken);
        var before = stored?.Persons;
        if (stored is null)
        {
            db.CityTargets.Add(new CityTarget { City = city, Year = year, Persons = value, SetBy = scope.UserName, SetAt = time.GetUtcNow() });
        }
        else
        {
            (stored.Persons, stored.SetBy, stored.SetAt) = (value, scope.UserName, time.GetUtcNow());
        }

        AuditLog.Add(db, scope.Actor, "city-target", null, new { city, year, before, after = value });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CityTargetOutcome.Saved(value, before);
    }
}
