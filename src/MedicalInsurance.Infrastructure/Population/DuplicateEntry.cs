using MedicalInsurance.Infrastructure.Dashboards;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>A person insured twice in the list's year (重复参保), with every record they hold for it.</summary>
/// <param name="Records">The year's records, resident first; at least a resident and an employee record.</param>
public sealed record DuplicateEntry(
    long PersonId,
    string Name,
    string IdNumber,
    string? Phone,
    string? Township,
    string? TownshipName,
    string LivesInCounty,
    IReadOnlyList<DuplicateRecord> Records)
{
    /// <summary>Whether the records were made in different counties (两地参保), as far as their counties are known.</summary>
    public bool AcrossCounties => Records.Select(r => r.County).OfType<string>().Distinct(StringComparer.Ordinal).Skip(1).Any();

    /// <summary>The row as the list shows it: name, ID number and phone masked.</summary>
    public DuplicateEntry Masked() => this with
    {
        Name = PersonalData.MaskName(Name),
        IdNumber = Domain.Persons.IdNumber.Parse(IdNumber).Masked,
        Phone = PersonalData.MaskPhone(Phone),
    };
}
