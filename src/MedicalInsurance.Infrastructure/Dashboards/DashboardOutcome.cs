namespace MedicalInsurance.Infrastructure.Dashboards;

public abstract record DashboardOutcome
{
    public sealed record Shown(DashboardView View) : DashboardOutcome;

    /// <summary>The division is outside the caller's scope, or unknown: the same answer.</summary>
    public sealed record NotFound : DashboardOutcome
    {
        public static string Message => "您的辖区内没有该地区。";
    }
}
