namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>A county's figures beside its enrollment target (参保率目标, percent) for the year, if one is set.</summary>
public sealed record CountyRate(string Code, string Name, Figures Figures, decimal? Target)
{
    /// <summary>The rate against the population; null when the county has no population imported.</summary>
    public decimal? Rate(PopulationBasis basis) => Figures.PopulationRate(basis);

    /// <summary>The rate compared with the target, both to one decimal as offices publish them.</summary>
    public TargetCompletion Completion(PopulationBasis basis) =>
        Target is not { } target ? TargetCompletion.NoTarget
        : Rate(basis) is not { } rate ? TargetCompletion.NoPopulation
        : rate >= target ? TargetCompletion.Met : TargetCompletion.NotMet;

    /// <summary>
    /// The target as persons (县区目标折合人数): the target rate of the population, rounded up to a whole person — the fewest
    /// insured that reach the rate. Null without a target or without a population imported.
    /// </summary>
    public long? TargetPersons(PopulationBasis basis) =>
        Target is { } target && Figures.HasPopulation ? (long)Math.Ceiling(target * Figures.Population(basis) / 100m) : null;

    /// <summary>The figures of the counties whose population was imported, summed: a division's rate is taken over these.</summary>
    public static Figures PopulationTotals(IEnumerable<CountyRate> counties) => Figures.Sum(counties.Where(c => c.Figures.HasPopulation).Select(c => c.Figures));
}
