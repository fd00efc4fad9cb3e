namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// One number of a county's dashboard for a coverage year: a metric, and for distributions its bucket (a count of
/// years, a month, a day). Written only by <see cref="DashboardSummaries"/> from <c>computed_results</c>.
/// </summary>
public sealed class DashboardFigure
{
    public required string County { get; set; }

    public int Year { get; set; }

    public DashboardMetric Metric { get; set; }

    public int Bucket { get; set; }

    public decimal Value { get; set; }
}
