namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// One resident to phone: insured last year, not yet paid for the year whose collection period is open, and what missing
/// the period would mean, as the engine computed it when the file last changed.
/// </summary>
public sealed record CallListEntry(
    long PersonId,
    string Name,
    string IdNumber,
    string? Phone,
    int? IfLateWaitingMonths,
    DateOnly? IfLateBenefitsFrom,
    decimal? IfSkipDecrease,
    int? IfSkipWaitingMonths,
    DateOnly? IfSkipBenefitsFrom)
{
    /// <summary>The row as a list shows it: name, ID number and phone masked.</summary>
    public CallListEntry Masked() => this with
    {
        Name = PersonalData.MaskName(Name),
        IdNumber = Domain.Persons.IdNumber.Parse(IdNumber).Masked,
        Phone = PersonalData.MaskPhone(Phone),
    };
}
