namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// A division one level down — a county under a city, a city under a province — with the counties it sums: a row of the
/// drill-down table. Its rate against the population is taken as the division's own is: over its counties that have a
/// population imported.
/// </summary>
public sealed record DashboardChild(string Code, string Name, bool IsCounty, IReadOnlyList<CountyRate> Counties)
{
    public Figures Figures { get; } = Figures.Sum(Counties.Select(c => c.Figures));

    /// <summary>Its counties whose population was imported, summed; empty when none was.</summary>
    public Figures PopulationTotals { get; } = CountyRate.PopulationTotals(Counties);

    /// <summary>Null when none of its counties has a population imported.</summary>
    public decimal? Rate(PopulationBasis basis) => PopulationTotals.PopulationRate(basis);

    /// <summary>A county's target; null for a city (targets are set per county).</summary>
    public decimal? Target => IsCounty ? Counties[0].Target : null;

    /// <summary>A county's completion; null for a city, which has no target of its own.</summary>
    public TargetCompletion? Completion(PopulationBasis basis) => IsCounty ? Counties[0].Completion(basis) : null;
}
