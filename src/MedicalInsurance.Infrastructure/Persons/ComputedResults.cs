using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// The one place that writes <c>computed_results</c>: the engine's answer for each coverage year of a file from the
/// mechanism's start year (or the birth year) to this year, or the last year paid for.
/// </summary>
public static class ComputedResults
{
    public static List<ComputedResult> Compute(PersonFile file, DateOnly today, PolicyCatalog catalog, RegionDirectory regions, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(regions);
        var person = file.Person;
        catalog.TryResolve(regions.PolicyOf(person.HouseholdCounty), null, out var policy);
        var first = Math.Max(policy.ForYear(Math.Min(today.Year, RegionPolicy.MaxYear)).StartYear.Value, person.BirthDate.Year);
        var last = Math.Min(today.Year + 1, Math.Max(today.Year, file.Coverages.Count == 0 ? 0 : file.Coverages.Max(c => c.Year)));
        var rows = new List<ComputedResult>(Math.Max(0, last - first + 1));
        for (var year = first; year <= last; year++)
        {
            var outcome = FileCalculator.Calculate(file, year, today, catalog, regions);
            if (outcome.Result is not { } result)
            {
                // A stored file the engine refuses is kept out of the figures rather than guessed at.
                continue;
            }

            var cap = result.Cap;
            var decision = result.WaitingPeriod;
            rows.Add(new ComputedResult
            {
                PersonId = person.Id,
                Year = year,
                HouseholdCounty = person.HouseholdCounty,
                Insured = result.Insured,
                ResidentInsured = cap is not null,
                BreakYears = result.BreakYears,
                CapOriginal = cap?.Original,
                CapIncrease = cap?.Increase,
                CapDecrease = cap?.Decrease,
                CapEffective = cap?.Effective,
                ContinuousSteps = cap?.ContinuousSteps ?? 0,
                ZeroClaimSteps = cap?.ZeroClaimSteps ?? 0,
                WaitingReason = decision is null ? null : CalcContract.ReasonName(decision.Reason),
                WaitingMonths = decision?.TotalMonths ?? 0,
                WaitingFirstDay = decision?.FirstDay,
                WaitingLastDay = decision?.LastDay,
                BenefitsFrom = decision?.BenefitsFrom,
                PaidOn = file.Coverages.FirstOrDefault(c => c.Year == year && c.Scheme == Domain.Enrollment.Scheme.Resident)?.PaidOn,
                ComputedAt = now,
            });
        }

        return rows;
    }

    /// <summary>Replaces the stored rows of these files with fresh ones, in the caller's transaction.</summary>
    public static async Task ReplaceAsync(MedicalInsuranceDbContext db, IReadOnlyCollection<PersonFile> files, DateOnly today, PolicyCatalog catalog, RegionDirectory regions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(files);
        var ids = files.Select(f => f.Person.Id).ToArray();
        await db.ComputedResults.Where(r => ids.Contains(r.PersonId)).ExecuteDeleteAsync(cancellationToken);
        foreach (var file in files)
        {
            db.ComputedResults.AddRange(Compute(file, today, catalog, regions, now));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
