namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>A county whose files changed since its figures were built; the refresher rebuilds it and removes the row.</summary>
public sealed class DashboardPending
{
    public required string County { get; set; }

    public DateTimeOffset Since { get; set; }
}
