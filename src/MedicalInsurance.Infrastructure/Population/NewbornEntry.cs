using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Dashboards;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A newborn not insured for the birth year whose enrollment window closes soon or has closed: the file (a certificate's or
/// a person's), the birth date and the window's last day.
/// </summary>
/// <param name="Id">The newborn file's id for <see cref="NewbornSource.Certificate"/>, else the person's.</param>
/// <param name="Identifier">The birth certificate number, or the ID number.</param>
/// <param name="Deadline">The last day of the window: birth date + the birth year's newborn days (RULES §3 1: P ≤ birth + days).</param>
/// <param name="MotherIdNumber">The mother's ID number, when a births extract named her.</param>
public sealed record NewbornEntry(
    NewbornSource Source,
    long Id,
    string? Name,
    string Identifier,
    DateOnly BirthDate,
    DateOnly Deadline,
    string? MotherIdNumber,
    string? Township,
    string? TownshipName,
    string? Phone)
{
    /// <summary>Days from <paramref name="asOf"/> to the last day of the window: 0 on it, negative once it has passed.</summary>
    public int DaysLeft(DateOnly asOf) => Deadline.DayNumber - asOf.DayNumber;

    /// <summary>The row as a list shows it: name, certificate or ID number, mother's ID number and phone masked.</summary>
    public NewbornEntry Masked() => this with
    {
        Name = Name is null ? null : PersonalData.MaskName(Name),
        Identifier = Source == NewbornSource.Certificate ? BirthCertificateNumber.Parse(Identifier).Masked : IdNumber.Parse(Identifier).Masked,
        MotherIdNumber = MotherIdNumber is null ? null : IdNumber.Parse(MotherIdNumber).Masked,
        Phone = PersonalData.MaskPhone(Phone),
    };
}
