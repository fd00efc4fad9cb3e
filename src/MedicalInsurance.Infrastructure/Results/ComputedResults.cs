using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// The one place that writes <c>computed_results</c>: the engine's answer for each coverage year of a file from the
/// mechanism's start year (or the birth year) to this year, or the last year paid for.
/// </summary>
public static class ComputedResults
{
    /// <summary>
    /// The rows of every year; with <paramref name="onlyYear"/>, of that year alone (the year-end run); with
    /// <paramref name="fromYear"/>, of that year and later. Without <paramref name="consequences"/> the call list's
    /// what-ifs are left out (the impact preview of a parameter edit compares caps and waiting periods only, and they cost
    /// two more calculations a year).
    /// </summary>
    public static List<ComputedResult> Compute(PersonFile file, DateOnly today, PolicyCatalog catalog, RegionDirectory regions, DateTimeOffset now, int? onlyYear = null,
        bool consequences = true, int? fromYear = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(regions);
        var person = file.Person;
        catalog.TryResolve(regions.PolicyOf(person.HouseholdCounty), null, out var policy);
        var first = Math.Max(policy.ForYear(Math.Min(today.Year, RegionPolicy.MaxYear)).StartYear.Value, person.BirthDate.Year);
        // Next year too, paid for or not: the collection period's figures and call list need everyone's answer for it.
        var last = Math.Min(today.Year + 1, RegionPolicy.MaxYear);
        first = Math.Max(first, fromYear ?? first);
        if (onlyYear is { } only)
        {
            (first, last) = (Math.Max(first, only), Math.Min(last, only));
        }

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
            var paid = ResidentCoverage(file, year);
            var row = new ComputedResult
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
                PaidOn = paid?.PaidOn,
                PaidLate = paid?.PaidOn is { } paidOn && policy.ForYear(year).CollectionPeriod is { } period && paidOn > period.Value.To,
                ConsecutiveResidentYears = ConsecutiveResidentYears(file, year),
                AtIncreaseCeiling = cap is not null && cap.Lines.Any(l => l.Kind == CapLineKind.Ceiling && l.Bounds == "increase"),
                ComputedAt = now,
            };
            if (consequences && year >= today.Year && paid is null && ResidentCoverage(file, year - 1) is { } lastYear)
            {
                AddConsequences(row, file, lastYear, catalog, regions);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// What missing the open collection period means for someone insured last year, as the engine answers it: paying the
    /// day after the period closes, or skipping the year and paying on time for the next.
    /// </summary>
    private static void AddConsequences(ComputedResult row, PersonFile file, Coverage lastYear, PolicyCatalog catalog, RegionDirectory regions)
    {
        catalog.TryResolve(regions.PolicyOf(file.Person.HouseholdCounty), lastYear.PoolingRegion, out var policy);
        var year = row.Year;
        if (policy.ForYear(year).CollectionPeriod is { } period)
        {
            var paidOn = period.Value.To.AddDays(1);
            var late = FileCalculator.Calculate(file, year, paidOn, catalog, regions, new PendingEnrollment(year, paidOn, lastYear.Group, lastYear.PoolingRegion, 0, null, false));
            if (late.Result?.WaitingPeriod is { } decision)
            {
                row.IfLateWaitingMonths = decision.TotalMonths;
                row.IfLateBenefitsFrom = decision.BenefitsFrom;
            }
        }

        if (year + 1 <= RegionPolicy.MaxYear && policy.ForYear(year + 1).CollectionPeriod is { } next)
        {
            var paidOn = next.Value.From;
            var skip = FileCalculator.Calculate(file, year + 1, paidOn, catalog, regions, new PendingEnrollment(year + 1, paidOn, lastYear.Group, lastYear.PoolingRegion, 0, null, false));
            if (skip.Result is { } result)
            {
                row.IfSkipDecrease = result.Cap?.Decrease;
                row.IfSkipWaitingMonths = result.WaitingPeriod?.TotalMonths;
                row.IfSkipBenefitsFrom = result.WaitingPeriod?.BenefitsFrom;
            }
        }
    }

    private static Coverage? ResidentCoverage(PersonFile file, int year)
    {
        foreach (var coverage in file.Coverages)
        {
            if (coverage.Year == year && coverage.Scheme == Scheme.Resident)
            {
                return coverage;
            }
        }

        return null;
    }

    private static int ConsecutiveResidentYears(PersonFile file, int year)
    {
        var years = 0;
        while (ResidentCoverage(file, year - years) is not null)
        {
            years++;
        }

        return years;
    }

    /// <summary>
    /// Replaces the stored rows of these files with fresh ones, in the caller's transaction, and marks their counties'
    /// dashboard figures pending.
    /// </summary>
    public static Task ReplaceAsync(MedicalInsuranceDbContext db, IReadOnlyCollection<PersonFile> files, DateOnly today, PolicyCatalog catalog, RegionDirectory regions, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        return ComputedResultRows.ReplaceAsync(db, files, files.SelectMany(file => Compute(file, today, catalog, regions, now)), now, cancellationToken);
    }
}
