namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>A call-list row's name and phone, shown in full on request.</summary>
public sealed record RevealedContact(string Name, string? Phone);
