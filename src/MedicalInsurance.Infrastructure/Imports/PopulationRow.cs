using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persons;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// A person as the public-security extract lists them, validated: identity, household, townships and status, and the birth
/// certificate number when the extract carries it (a child's: it merges the newborn file made by a births extract).
/// </summary>
public sealed record PopulationRow(
    string IdNumber,
    string Name,
    DateOnly BirthDate,
    Sex Sex,
    string HouseholdCounty,
    string HouseholdTownship,
    string? ResidenceCounty,
    string? ResidenceTownship,
    string HouseholdNumber,
    PersonStatus Status,
    DateOnly? StatusDate,
    string? CertificateNumber = null);
