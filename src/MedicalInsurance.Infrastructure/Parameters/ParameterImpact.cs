namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// What a parameter edit would do to the stored files, computed without writing anything: every file the edit can
/// reach, computed for each coverage year the stored results hold (as <see cref="Results.ComputedResults"/> computes
/// them) with the catalog as it is and as it would be. A file's cap changes when its effective cap of a year does; its
/// waiting period when the reason, the months or the first day of benefits of a year do.
/// </summary>
/// <param name="Scope">What the edit reaches: "*" (every province), a province id, or a pooling region's code.</param>
/// <param name="Files">Files examined (every file the edit can reach).</param>
/// <param name="CapChanged">Files whose cap changes in at least one year.</param>
/// <param name="WaitingChanged">Files whose waiting period changes in at least one year.</param>
/// <param name="CapChange">The sum of the changes of effective caps over every file and year, yuan (negative: lowered).</param>
/// <param name="Regions">By pooling region (the household's city) and coverage year, where anything changes.</param>
/// <param name="Examples">Up to ten changed files, masked, each at the year its change is largest.</param>
public sealed record ParameterImpact(
    string Scope, DateOnly AsOf, long Files, long CapChanged, long WaitingChanged, decimal CapChange,
    IReadOnlyList<ImpactRow> Regions, IReadOnlyList<ImpactExample> Examples, TimeSpan Elapsed)
{
    public const int ExampleCount = 10;

    /// <summary>The figures an audit entry keeps (no persons, not even masked).</summary>
    public object Summary => new
    {
        scope = Scope,
        asOf = AsOf,
        files = Files,
        capChanged = CapChanged,
        waitingChanged = WaitingChanged,
        capChange = CapChange,
        regions = Regions.Select(r => new { region = r.PoolingRegion, year = r.Year, capChanged = r.CapChanged, capChange = r.CapChange, waitingChanged = r.WaitingChanged }),
    };
}

/// <summary>One pooling region's (household city's) changes in one coverage year.</summary>
public sealed record ImpactRow(string PoolingRegion, int Year, long CapChanged, decimal CapChange, long WaitingChanged);

/// <summary>A changed file, masked (name and ID number), before and after, at one coverage year.</summary>
public sealed record ImpactExample(
    long PersonId, string MaskedName, string MaskedIdNumber, string HouseholdCounty, int Year,
    decimal? CapBefore, decimal? CapAfter, int? WaitingMonthsBefore, int? WaitingMonthsAfter, DateOnly? BenefitsFromBefore, DateOnly? BenefitsFromAfter);
