namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// The engine's answer for one person and coverage year, kept for dashboards and the settlement systems. Written only
/// by <see cref="ComputedResults"/> when a file changes; never edited by hand.
/// </summary>
public sealed class ComputedResult
{
    public long PersonId { get; set; }

    public int Year { get; set; }

    /// <summary>Copied from the person so dashboards group without a join.</summary>
    public required string HouseholdCounty { get; set; }

    /// <summary>Insured in the year under any scheme.</summary>
    public bool Insured { get; set; }

    public bool ResidentInsured { get; set; }

    /// <summary>Consecutive break years before this year, b(Y).</summary>
    public int BreakYears { get; set; }

    public decimal? CapOriginal { get; set; }

    public decimal? CapIncrease { get; set; }

    public decimal? CapDecrease { get; set; }

    public decimal? CapEffective { get; set; }

    public int ContinuousSteps { get; set; }

    public int ZeroClaimSteps { get; set; }

    /// <summary>newborn, exemptGroup, schemeSwitch, onTime, waiting, notApplicable; null without a payment for the year.</summary>
    public string? WaitingReason { get; set; }

    public int WaitingMonths { get; set; }

    public DateOnly? WaitingFirstDay { get; set; }

    public DateOnly? WaitingLastDay { get; set; }

    public DateOnly? BenefitsFrom { get; set; }

    public DateOnly? PaidOn { get; set; }

    /// <summary>The resident payment for the year came after the year's collection period (集中参保期) closed.</summary>
    public bool PaidLate { get; set; }

    /// <summary>Consecutive resident-insured years ending with this one; 0 when not resident-insured this year.</summary>
    public int ConsecutiveResidentYears { get; set; }

    /// <summary>The increase was cut by the 20 % incentive ceiling.</summary>
    public bool AtIncreaseCeiling { get; set; }

    /// <summary>
    /// For a resident who has not paid for this (or next) year: the waiting months if they pay the day after the
    /// collection period closes, as the engine computes them (in last year's group and region, else as an ordinary resident).
    /// </summary>
    public int? IfLateWaitingMonths { get; set; }

    public DateOnly? IfLateBenefitsFrom { get; set; }

    /// <summary>…and if they skip this year and pay on time for the next: the cap decrease in yuan and the waiting months.</summary>
    public decimal? IfSkipDecrease { get; set; }

    public int? IfSkipWaitingMonths { get; set; }

    public DateOnly? IfSkipBenefitsFrom { get; set; }

    public DateTimeOffset ComputedAt { get; set; }
}
