namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>The settlement system's figures of one person and year; revised by newer claims files.</summary>
public sealed class ClaimSummary
{
    public long PersonId { get; set; }

    public required int Year { get; set; }

    /// <summary>All pooled-fund reimbursement of the year, catastrophic payouts included.</summary>
    public required decimal FundReimbursed { get; set; }

    public required decimal CatastrophicPaid { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
