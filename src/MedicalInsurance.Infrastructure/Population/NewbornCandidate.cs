namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// An open newborn file that may be a queued person's (same birth date; the mother in the person's household, or born where
/// the person is registered or lives), masked as the lists show it.
/// </summary>
public sealed record NewbornCandidate(long NewbornFileId, string MaskedCertificate, string? MaskedName, DateOnly BirthDate, string MaskedMotherIdNumber, string County);
