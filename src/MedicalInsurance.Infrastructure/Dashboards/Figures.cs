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
