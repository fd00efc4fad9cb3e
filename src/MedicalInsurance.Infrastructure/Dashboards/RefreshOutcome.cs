namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>What one refresh rebuilt and how long it took.</summary>
public sealed record RefreshOutcome(int Counties, long Figures, TimeSpan Elapsed);
