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

    /// <summary>A county's target rate; null for a city, whose target is a number of persons (<see cref="TargetPersons"/>).</summary>
    public decimal? Target => IsCounty ? Counties[0].Target : null;

    /// <summary>A city's target of insured persons for the year, if set; always null for a county.</summary>
    public int? TargetPersons { get; init; }

    /// <summary>A county's completion of its rate target; a city's of its target of persons.</summary>
    public TargetCompletion Completion(PopulationBasis basis) =>
        IsCounty ? Counties[0].Completion(basis) : CityTargets.Completion(TargetPersons, PopulationTotals, basis);
}
