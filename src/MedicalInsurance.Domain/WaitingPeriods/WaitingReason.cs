namespace MedicalInsurance.Domain.WaitingPeriods;

public enum WaitingReason
{
    Newborn,
    ExemptGroup,
    SchemeSwitch,
    OnTime,
    Waiting,

    /// <summary>The coverage year is before the mechanism's start year: no waiting period.</summary>
    NotApplicable,
}
