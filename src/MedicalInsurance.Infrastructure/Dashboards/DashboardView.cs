using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Regions;
using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>A dashboard as shown: a division, a coverage year, and every figure of the issue, from the summary tables.</summary>
public sealed record DashboardView
{
    public required string Code { get; init; }

    public required string Name { get; init; }

    public required RegionLevel Level { get; init; }

    public required int Year { get; init; }

    public required IReadOnlyList<int> Years { get; init; }

    /// <summary>The year asked for when it has no figures (an old link, a typed address), so another is shown; else null.</summary>
    public int? YearNotShown { get; init; }

    /// <summary>From the user's own division down to this one: the drill-up links.</summary>
    public required IReadOnlyList<(string Code, string Name)> Path { get; init; }

    /// <summary>The divisions the user's dashboards start from: their own, or every province served for an administrator.</summary>
    public IReadOnlyList<(string Code, string Name)> Roots { get; init; } = [];

    public required Figures Totals { get; init; }

    public required IReadOnlyList<DashboardChild> Children { get; init; }

    public CollectionPeriod? Period { get; init; }

    public required IReadOnlyList<PaymentDay> Payments { get; init; }

    /// <summary>Waiting periods ending by month (year × 100 + month), from the day the figures were built.</summary>
    public required IReadOnlyList<BucketCount> WaitingEnds { get; init; }

    /// <summary>b(Y): 1, 2, 3 and 4 (four or more).</summary>
    public required IReadOnlyList<BucketCount> Breaks { get; init; }

    /// <summary>Consecutive resident years 1 … 10 (ten or more).</summary>
    public required IReadOnlyList<BucketCount> Consecutive { get; init; }

    /// <summary>When the oldest of the counties' figures were built; null when none are.</summary>
    public DateTimeOffset? RefreshedAt { get; init; }

    public DateOnly? AsOf { get; init; }

    /// <summary>The population the rates are taken against (户籍人口 unless chosen otherwise).</summary>
    public PopulationBasis Basis { get; init; }

    /// <summary>Every county of the division with figures for the year, with its target: the completion table.</summary>
    public IReadOnlyList<CountyRate> Counties { get; init; } = [];

    /// <summary>A county's townships (empty above a county).</summary>
    public IReadOnlyList<TownshipRate> Townships { get; init; } = [];

    /// <summary>The counties whose population was imported, summed: the rate of a city or province is taken over these.</summary>
    public Figures PopulationTotals => CountyRate.PopulationTotals(Counties);

    /// <summary>The counties without a population import, whose rates can only be over the files on record.</summary>
    public IReadOnlyList<CountyRate> WithoutPopulation => Counties.Where(c => !c.Figures.HasPopulation).ToList();

    /// <summary>
    /// No population was imported anywhere in the division (a county's own, or every county of a city or province): every
    /// rate is over the files on record. A division where only some counties lack one names them instead.
    /// </summary>
    public bool RatesOverFilesOnly => Level == RegionLevel.County ? !Totals.HasPopulation : Counties.Count > 0 && Counties.All(c => !c.Figures.HasPopulation);

    /// <summary>The division's rate against the population: over the counties that have one; null when none has.</summary>
    public decimal? PopulationRate => PopulationTotals.PopulationRate(Basis);

    /// <summary>The county's own target (a county's dashboard), if set.</summary>
    public CountyRate? County => Level == RegionLevel.County ? Counties.FirstOrDefault(c => c.Code == Code) : null;

    /// <summary>The city's target of insured persons (a city's dashboard), if set.</summary>
    public int? CityTarget { get; init; }

    /// <summary>The city's insured against the chosen population, beside its target.</summary>
    public TargetCompletion CityCompletion => CityTargets.Completion(CityTarget, PopulationTotals, Basis);

    /// <summary>
    /// The counties' rate targets turned into persons (<see cref="CountyRate.TargetPersons"/>) and summed; null when no
    /// county with a population imported has a target.
    /// </summary>
    public long? CountyTargetPersons => Counties.Select(c => c.TargetPersons(Basis)).OfType<long>().ToList() is { Count: > 0 } persons ? persons.Sum() : null;

    /// <summary>Counties with a target but no population imported: theirs cannot be turned into persons.</summary>
    public IReadOnlyList<CountyRate> UnconvertedTargets => [.. Counties.Where(c => c.Target is not null && !c.Figures.HasPopulation)];

    /// <summary>
    /// 层层加码: the counties' targets, as persons, add up to more than the city's own target. A warning, never a refusal
    /// (Guizhou 黔医保发〔2024〕18号 六: "各地在落实目标任务过程中不能层层加码").
    /// </summary>
    public bool CountyTargetsExceedCity => CityTarget is { } target && CountyTargetPersons is { } persons && persons > target;

    public long OnTime => Totals.Count(M.Resident) - Totals.Count(M.Late);
}
