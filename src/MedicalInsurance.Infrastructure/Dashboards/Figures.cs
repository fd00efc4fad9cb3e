using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>The scalar figures of one county, or of a division as the sum of its counties.</summary>
public sealed record Figures(IReadOnlyDictionary<DashboardMetric, decimal> Values)
{
    public static readonly Figures Empty = new(new Dictionary<DashboardMetric, decimal>());

    public decimal this[DashboardMetric metric] => Values.TryGetValue(metric, out var value) ? value : 0m;

    public long Count(DashboardMetric metric) => (long)this[metric];

    /// <summary>Insured under any scheme over persons in the file; null without persons.</summary>
    public decimal? EnrollmentRate => this[M.Persons] == 0 ? null : Math.Round(this[M.Insured] * 100m / this[M.Persons], 1);

    /// <summary>Whether a population extract has listed anyone registered here: without one, rates against the population mean nothing.</summary>
    public bool HasPopulation => this[M.PopulationListed] > 0;

    /// <summary>
    /// Insured in the year (any scheme, any county) over the registered or the resident population, to one decimal; null
    /// when no population was imported (the page then says so and shows <see cref="EnrollmentRate"/>) or it is empty.
    /// </summary>
    public decimal? PopulationRate(PopulationBasis basis) =>
        !HasPopulation ? null
        : basis == PopulationBasis.Registered ? RateOf(Count(M.RegisteredInsured), Count(M.RegisteredPopulation))
        : RateOf(Count(M.LivingInsured), Count(M.LivingPopulation));

    public long Population(PopulationBasis basis) => Count(basis == PopulationBasis.Registered ? M.RegisteredPopulation : M.LivingPopulation);

    public long PopulationInsured(PopulationBasis basis) => Count(basis == PopulationBasis.Registered ? M.RegisteredInsured : M.LivingInsured);

    /// <summary>A percentage to one decimal, rounded half away from zero; null over nobody.</summary>
    public static decimal? RateOf(long part, long whole) => whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    public decimal? ZeroClaimShare => this[M.Resident] == 0 ? null : Math.Round(this[M.ZeroClaim] * 100m / this[M.Resident], 1);

    public static Figures Sum(IEnumerable<Figures> parts)
    {
        var sum = new Dictionary<DashboardMetric, decimal>();
        foreach (var part in parts)
        {
            foreach (var (metric, value) in part.Values)
            {
                sum[metric] = sum.GetValueOrDefault(metric) + value;
            }
        }

        return new Figures(sum);
    }
}
