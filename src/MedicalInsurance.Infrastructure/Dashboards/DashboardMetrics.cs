using System.Collections.Frozen;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>The stored keys of <see cref="DashboardMetric"/>, both ways.</summary>
public static class DashboardMetrics
{
    private static readonly FrozenDictionary<DashboardMetric, string> Keys =
        Enum.GetValues<DashboardMetric>().ToFrozenDictionary(m => m, m => char.ToLowerInvariant(m.ToString()[0]) + m.ToString()[1..]);

    private static readonly FrozenDictionary<string, DashboardMetric> ByKey =
        Keys.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The metrics that are distributions (a count per bucket) rather than one number.</summary>
    public static IReadOnlyList<DashboardMetric> Distributions { get; } =
        [DashboardMetric.PaidOn, DashboardMetric.WaitingEnds, DashboardMetric.Breaks, DashboardMetric.Consecutive,
         DashboardMetric.TownshipRegistered, DashboardMetric.TownshipRegisteredInsured, DashboardMetric.TownshipLiving, DashboardMetric.TownshipLivingInsured];

    /// <summary>The distributions by township (the bucket a 9-digit township code), read for one county only.</summary>
    public static IReadOnlyList<DashboardMetric> Townships { get; } =
        [DashboardMetric.TownshipRegistered, DashboardMetric.TownshipRegisteredInsured, DashboardMetric.TownshipLiving, DashboardMetric.TownshipLivingInsured];

    /// <summary>The key stored in <c>dashboard_figures.metric</c>: <c>callList</c> for <see cref="DashboardMetric.CallList"/>.</summary>
    public static string Key(this DashboardMetric metric) => Keys[metric];

    /// <summary>The metric of a stored key; an unknown key is a programmer's error (the table has one writer).</summary>
    public static DashboardMetric Parse(string key) =>
        ByKey.TryGetValue(key, out var metric) ? metric : throw new ArgumentException($"not a dashboard metric: {key}", nameof(key));

    /// <summary>The key as an SQL literal, for the one statement that writes the figures.</summary>
    internal static string Sql(this DashboardMetric metric) => $"'{metric.Key()}'";
}
