using M = MedicalInsurance.Infrastructure.Dashboards.DashboardSummaries.Metrics;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>The scalar figures of one county, or of a division as the sum of its counties.</summary>
public sealed record Figures(IReadOnlyDictionary<string, decimal> Values)
{
    public static readonly Figures Empty = new(new Dictionary<string, decimal>());

    public decimal this[string metric] => Values.TryGetValue(metric, out var value) ? value : 0m;

    public long Count(string metric) => (long)this[metric];

    /// <summary>Insured under any scheme over persons in the file; null without persons.</summary>
    public decimal? EnrollmentRate => this[M.Persons] == 0 ? null : Math.Round(this[M.Insured] * 100m / this[M.Persons], 1);

    public decimal? ZeroClaimShare => this[M.Resident] == 0 ? null : Math.Round(this[M.ZeroClaim] * 100m / this[M.Resident], 1);

    public static Figures Sum(IEnumerable<Figures> parts)
    {
        var sum = new Dictionary<string, decimal>(StringComparer.Ordinal);
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
