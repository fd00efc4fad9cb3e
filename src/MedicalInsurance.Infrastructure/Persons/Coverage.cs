using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>Where a coverage record came from (stored by name).</summary>
public enum CoverageOrigin
{
    Registration,
    Import,

    /// <summary>Held in a province other than the person's household province: imported, or recorded by a clerk from its evidence.</summary>
    AnotherProvince,
    OtherPublicCover,

    /// <summary>Recorded by a clerk from its evidence (<see cref="Coverage.Evidence"/>): held in another county of the household province.</summary>
    Elsewhere,
}

/// <summary>One coverage year of one person under one scheme; (person, year, scheme) is unique.</summary>
public sealed class Coverage
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public required int Year { get; set; }

    public required Scheme Scheme { get; set; }

    public DateOnly? PaidOn { get; set; }

    /// <summary>Yuan paid, where known.</summary>
    public decimal? Amount { get; set; }

    public EnrollmentGroup Group { get; set; }

    /// <summary>The pooling region (prefecture city code) the contribution was paid in.</summary>
    public string? PoolingRegion { get; set; }

    /// <summary>
    /// The county (GB/T 2260) where the record was made, anywhere in the country: cover held elsewhere (外地参保) counts
    /// like local cover and the file keeps where it was held (RULES §1). A prefecture city without counties (东莞) stands
    /// for its own county. Null for records stored before the county was kept.
    /// </summary>
    public string? County { get; set; }

    public required CoverageOrigin Origin { get; set; }

    /// <summary>
    /// For cover held elsewhere (外地参保) that a clerk recorded: what it rests on — the issuing region's certificate
    /// number or the query reference of the national platform. Null for local records and imported ones.
    /// </summary>
    public string? Evidence { get; set; }

    /// <summary>The years paid back at registration to shorten this enrollment's waiting period (0 for none).</summary>
    public int RepairYears { get; set; }

    /// <summary>E: the last day of the employee cover this resident enrollment switched from, where it was a switch.</summary>
    public DateOnly? PreviousCoverageEndedOn { get; set; }

    /// <summary>Whether the gap after <see cref="PreviousCoverageEndedOn"/> was back-paid (补缴).</summary>
    public bool GapBackPaid { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

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

/// <summary>A payment for missed years to shorten a waiting period. Never a coverage record: a repaired year stays a break year.</summary>
public sealed class RepairPayment
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public long RegistrationId { get; set; }

    /// <summary>The coverage year whose waiting period the repair shortens.</summary>
    public required int ForCoverageYear { get; set; }

    public required int Years { get; set; }

    public required decimal Amount { get; set; }

    public required DateOnly PaidOn { get; set; }
}

/// <summary>
/// A clerk's registration of a late or returning enrollee: the coverage record it created (which holds the enrollment's
/// facts: payment, group, repair, switch) and the decision as issued —
/// the calculation's response exactly as shown, with the rules version — so a notice reprints identically later.
/// </summary>
public sealed class Registration
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    /// <summary>The coverage record it created; null once the registration is voided (the record went with it).</summary>
    public long? CoverageId { get; set; }

    public required int CoverageYear { get; set; }

    /// <summary>The payment registered (the notice prints it, also after the coverage record went with a void).</summary>
    public DateOnly PaidOn { get; set; }

    /// <summary>Yuan paid, where the clerk entered it.</summary>
    public decimal? Amount { get; set; }

    /// <summary>What the repair cost, as the decision's repair options priced it; the repair facts are the coverage record's.</summary>
    public decimal RepairCost { get; set; }

    /// <summary>The calculation response as issued (CALC-CONTRACT.md), stored as json text exactly as written.</summary>
    public required string DecisionSnapshot { get; set; }

    /// <summary>The application version and a digest of the parameter rows the decision used.</summary>
    public required string RulesVersion { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a supervisor voided the registration as made in error (作废); null while it stands.</summary>
    public DateTimeOffset? VoidedAt { get; set; }

    public string? VoidedBy { get; set; }

    public string? VoidReason { get; set; }

    /// <summary>
    /// Another system's idempotency key, unique per caller (<see cref="CreatedBy"/>): the same key again answers with this
    /// registration. It stays when the registration is voided — the key named that one request.
    /// </summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 of the request first sent with <see cref="IdempotencyKey"/>: the key with another request is refused.</summary>
    public string? RequestDigest { get; set; }
}
