using MedicalInsurance.Infrastructure.Dashboards;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// One person alive and present without cover for the year anywhere: where they are registered and live, why, what
/// missing the collection period would mean (the engine's answer stored with the file's results), and their household.
/// A newborn known only by its birth certificate (<see cref="NewbornSource.Certificate"/>) is a row too: its
/// <see cref="PersonId"/> is the newborn file's id, its <see cref="IdNumber"/> the certificate number, its name empty until
/// it is named, its phone and household the mother's, and it has no engine's answer (no file to compute).
/// </summary>
public sealed record UninsuredEntry(
    long PersonId,
    string Name,
    string IdNumber,
    string? Phone,
    DateOnly BirthDate,
    string HouseholdCounty,
    string LivesInCounty,
    string? Township,
    string? TownshipName,
    bool TownshipFlagged,
    string? HouseholdNumber,
    UninsuredReason Reason,
    int? LastInsuredYear,
    int? IfLateWaitingMonths,
    DateOnly? IfLateBenefitsFrom,
    decimal? IfSkipDecrease,
    int? IfSkipWaitingMonths,
    DateOnly? IfSkipBenefitsFrom,
    HouseholdState? Household,
    NewbornSource Source = NewbornSource.Person)
{
    /// <summary>The row as a list shows it: name, ID number and phone masked.</summary>
    public UninsuredEntry Masked() => this with
    {
        Name = PersonalData.MaskName(Name),
        IdNumber = MaskedIdentifier,
        Phone = PersonalData.MaskPhone(Phone),
    };

    /// <summary>The ID number masked, or the birth certificate number masked for a newborn file.</summary>
    public string MaskedIdentifier => Source == NewbornSource.Certificate
        ? Domain.Persons.BirthCertificateNumber.Parse(IdNumber).Masked
        : Domain.Persons.IdNumber.Parse(IdNumber).Masked;

    /// <summary>"从未参保", "断保（自2025年度起未参保）", "新生儿未参保（2026-10-03出生）".</summary>
    public string ReasonText => Reason switch
    {
        UninsuredReason.Broke => $"断保（自{LastInsuredYear + 1}年度起未参保）",
        UninsuredReason.Newborn => $"新生儿未参保（{BirthDate:yyyy-MM-dd}出生）",
        _ => "从未参保",
    };
}
