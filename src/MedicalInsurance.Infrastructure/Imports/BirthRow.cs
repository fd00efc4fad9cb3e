namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A birth as the births extract (出生一件事) lists it, validated: certificate, date, name if given, mother, residence.</summary>
public sealed record BirthRow(string CertificateNumber, string? Name, DateOnly BirthDate, string MotherIdNumber, string County, string? Township);
