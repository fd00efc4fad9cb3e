namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// One number of a county's dashboard for a coverage year: a metric, and for distributions its bucket (a count of
/// years, a month, a day). Written only by <see cref="DashboardSummaries"/> from <c>computed_results</c>.
/// </summary>
public sealed class DashboardFigure
{
    public required string County { get; set; }

    public int Year { get; set; }

    public required string Metric { get; set; }

    public int Bucket { get; set; }

    public decimal Value { get; set; }
}

/// <summary>When a county's figures were last rebuilt, and the day "now" meant for them (waiting periods running).</summary>
public sealed class DashboardRefresh
{
    public required string County { get; set; }

    public DateTimeOffset RefreshedAt { get; set; }

    public DateOnly AsOf { get; set; }
}

/// <summary>A county whose files changed since its figures were built; the refresher rebuilds it and removes the row.</summary>
public sealed class DashboardPending
{
    public required string County { get; set; }

    public DateTimeOffset Since { get; set; }
}
