namespace MedicalInsurance.Domain.Enrollment;

/// <summary>
/// One coverage year of one person under one scheme. Amounts are yuan. A missing <see cref="FundReimbursed"/> counts
/// as 0 (no claims) and the statement marks the step it earns "no claims recorded".
/// </summary>
public sealed record CoverageRecord
{
    public required int Year { get; init; }

    public Scheme Scheme { get; init; } = Scheme.Resident;

    /// <summary>The payment date; the record for the year asked about needs it to get a waiting period.</summary>
    public DateOnly? PaidOn { get; init; }

    public EnrollmentGroup Group { get; init; } = EnrollmentGroup.Ordinary;

    /// <summary>All pooled-fund reimbursement of the year, catastrophic payouts included; null when not recorded.</summary>
    public decimal? FundReimbursed { get; init; }

    /// <summary>Catastrophic-illness insurance payouts of the year (never more than <see cref="FundReimbursed"/>).</summary>
    public decimal CatastrophicPaid { get; init; }

    /// <summary>The original cap C of that year where it differed from the one asked about.</summary>
    public decimal? OriginalCap { get; init; }

    /// <summary>The years paid back when this resident record was registered, to shorten its waiting period (a fact of the record).</summary>
    public int RepairYears { get; init; }

    /// <summary>E: the last day of the employee cover this resident record switched from, where it was a switch.</summary>
    public DateOnly? PreviousCoverageEndedOn { get; init; }

    /// <summary>Whether the gap after <see cref="PreviousCoverageEndedOn"/> was back-paid (补缴).</summary>
    public bool GapBackPaid { get; init; }

    public override string ToString() => $"{Year} {Scheme}{(PaidOn is { } p ? $" paid {p:yyyy-MM-dd}" : "")}";
}
