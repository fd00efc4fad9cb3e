namespace MedicalInsurance.Infrastructure.Registering;

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
