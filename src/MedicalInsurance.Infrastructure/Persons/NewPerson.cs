namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>What a clerk enters to open a file (a newborn, a person new to the county).</summary>
public sealed record NewPerson(string IdNumber, string Name, string HouseholdCounty, string? Phone, string? Notes);
