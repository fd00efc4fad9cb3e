namespace MedicalInsurance.Infrastructure.Lookup;

/// <summary>A match of a search by name and birth date: the ID number's last four characters only.</summary>
public sealed record PersonSummary(long Id, string Name, DateOnly BirthDate, string MaskedIdNumber, string HouseholdCounty);
