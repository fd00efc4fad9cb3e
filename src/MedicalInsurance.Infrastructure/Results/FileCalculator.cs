using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// Turns a stored file into the engine's question for a coverage year: the province's policy from the household
/// county, C from the pooling region's parameters for each year, claims merged into the resident records.
/// </summary>
public static class FileCalculator
{
    public static CalculationOutcome Calculate(PersonFile file, int year, DateOnly asOf, PolicyCatalog catalog, RegionDirectory regions, PendingEnrollment? pending = null)
    {
        var built = BuildInput(file, year, asOf, catalog, regions, pending);
        if (built.Input is not { } input)
        {
            return built.Error!;
        }

        var outcome = EnrollmentCalculator.Calculate(input);
        if (outcome.Error is { } error)
        {
            // The enrollment being registered is the last record: its errors name the registration's own fields ("repairYears").
            var prefix = $"history[{input.History.Count - 1}].";
            return pending is not null && error.Field.StartsWith(prefix, StringComparison.Ordinal) ? error with { Field = error.Field[prefix.Length..] } : error;
        }

        var result = outcome.Result!;

        // C came from the pooling region's parameters: it is listed (and marked when it is a working value) like any other.
        if (input.Policy.ForYear(year).OriginalCap is { } cap && cap.Value == input.OriginalCap && !result.Parameters.Contains(cap.Parameter))
        {
            result = result with
            {
                Parameters = [cap.Parameter, .. result.Parameters],
                Notes = cap.Parameter.UnconfirmedNote is { } note ? [note, .. result.Notes] : result.Notes,
            };
        }

        // An earlier local incentive kept under "老人老办法" is shown beside the statement, outside the increase and its ceiling.
        return file.Person.Notes is { Length: > 0 } notes ? result with { Notes = [.. result.Notes, "档案备注：" + notes] } : result;
    }

    public static CalculationOutcomeOrInput BuildInput(PersonFile file, int year, DateOnly asOf, PolicyCatalog catalog, RegionDirectory regions, PendingEnrollment? pending = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(regions);
        var person = file.Person;
        var householdCity = regions.CityOf(person.HouseholdCounty);
        var policyId = regions.PolicyOf(person.HouseholdCounty);
        if (year is < RegionPolicy.MinYear or > RegionPolicy.MaxYear)
        {
            return new CalculationError("coverageYear", $"参保年度须在{RegionPolicy.MinYear}年至{RegionPolicy.MaxYear}年之间");
        }

        var regionOfT = pending?.PoolingRegion ?? file.Coverages.FirstOrDefault(c => c.Year == year && c.Scheme == Scheme.Resident)?.PoolingRegion ?? householdCity;
        if (!catalog.TryResolve(policyId, regionOfT, out var policy))
        {
            return new CalculationError("province", $"参数中没有{policyId}的政策");
        }

        var cap = CapOf(catalog, policyId, regionOfT, year);
        if (cap is null)
        {
            return new CalculationError("originalCap", $"统筹地区{regionOfT}缺少{year}年度大病保险原封顶线参数");
        }

        var history = new List<CoverageRecord>(file.Coverages.Count + 1);
        foreach (var coverage in file.Coverages)
        {
            if (coverage.Year > year || (pending is not null && coverage.Year == year && coverage.Scheme == Scheme.Resident))
            {
                continue;
            }

            history.Add(ToRecord(coverage.Year, coverage.Scheme, coverage.PaidOn, coverage.Group, coverage.PoolingRegion ?? householdCity, file, catalog, policyId, cap.Value) with
            {
                RepairYears = coverage.RepairYears,
                PreviousCoverageEndedOn = coverage.PreviousCoverageEndedOn,
                GapBackPaid = coverage.GapBackPaid,
            });
        }

        // The enrollment being registered is a record like the stored ones: its facts are the record's, not a what-if.
        if (pending is not null)
        {
            history.Add(ToRecord(year, Scheme.Resident, pending.PaidOn, pending.Group, regionOfT, file, catalog, policyId, cap.Value) with
            {
                RepairYears = pending.RepairYears,
                PreviousCoverageEndedOn = pending.PreviousCoverageEndedOn,
                GapBackPaid = pending.GapBackPaid,
            });
        }

        return new CalculationInput
        {
            Policy = policy,
            CoverageYear = year,
            OriginalCap = cap.Value,
            BirthDate = person.BirthDate,
            AsOf = asOf,
            History = history,
        };
    }

    private static CoverageRecord ToRecord(int year, Scheme scheme, DateOnly? paidOn, EnrollmentGroup group, string? region, PersonFile file, PolicyCatalog catalog, string policyId, decimal capOfT)
    {
        var claims = scheme == Scheme.Resident ? Claims(file, year) : null;
        var capOfYear = CapOf(catalog, policyId, region, year);
        return new CoverageRecord
        {
            Year = year,
            Scheme = scheme,
            PaidOn = paidOn,
            Group = group,
            FundReimbursed = claims?.FundReimbursed,
            CatastrophicPaid = claims?.CatastrophicPaid ?? 0m,
            OriginalCap = capOfYear is { } c && c != capOfT ? c : null,
        };
    }

    private static ClaimSummary? Claims(PersonFile file, int year)
    {
        foreach (var claim in file.Claims)
        {
            if (claim.Year == year)
            {
                return claim;
            }
        }

        return null;
    }

    /// <summary>C of a pooling region for a year, from the parameters.</summary>
    public static decimal? CapOf(PolicyCatalog catalog, string policyId, string? region, int year) =>
        year is >= RegionPolicy.MinYear and <= RegionPolicy.MaxYear && catalog.TryResolve(policyId, region, out var policy)
            ? policy.ForYear(year).OriginalCap?.Value
            : null;
}
