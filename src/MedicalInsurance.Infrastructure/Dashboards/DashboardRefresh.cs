namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>When a county's figures were last rebuilt, and the day "now" meant for them (waiting periods running).</summary>
public sealed class DashboardRefresh
{
    public required string County { get; set; }

    public DateTimeOffset RefreshedAt { get; set; }

    public DateOnly AsOf { get; set; }
}
