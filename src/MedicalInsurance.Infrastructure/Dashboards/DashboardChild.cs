namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>A division one level down, with its figures: a row of the drill-down table.</summary>
public sealed record DashboardChild(string Code, string Name, bool IsCounty, Figures Figures);
