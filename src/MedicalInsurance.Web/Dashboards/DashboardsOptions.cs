namespace MedicalInsurance.Web.Dashboards;

/// <summary>The <c>Dashboards</c> section: the background rebuild of the figures.</summary>
public sealed class DashboardsOptions
{
    public const string Section = "Dashboards";

    /// <summary>Whether this process rebuilds the figures (one process of several is enough).</summary>
    public bool Refresher { get; set; } = true;

    /// <summary>Seconds between two looks for counties whose files changed; at least 1.</summary>
    public int RefreshSeconds { get; set; } = 15;
}
