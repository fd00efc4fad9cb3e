using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A review (复核) of one coverage year of a file: the resident's claim and its evidence, the record as it should read
/// — a record to add for a year without one, or a stored record corrected — and a supervisor's decision. Accepting applies
/// the correction; apart from an import (which adds, never overwrites), nothing else changes a coverage record in place.
/// </summary>
public sealed class Review
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public required int Year { get; set; }

    public required ReviewKind Kind { get; set; }

    /// <summary>What the resident says, in the clerk's words.</summary>
    public required string Claim { get; set; }

    /// <summary>The evidence's reference: a tax receipt number, a certificate number, a query reference of the national platform.</summary>
    public string? Reference { get; set; }

    /// <summary>The record corrected; for a review that adds a record, null until accepted, then the record it added.</summary>
    public long? CoverageId { get; set; }

    /// <summary>
    /// The corrected record as the clerk saw it when opening (JSON of <see cref="CoverageFacts"/>); null when adding.
    /// Accepting is refused when the record no longer reads so: the supervisor decides on what the clerk saw.
    /// </summary>
    public string? Before { get; set; }

    public required Scheme Scheme { get; set; }

    public DateOnly? PaidOn { get; set; }

    public decimal? Amount { get; set; }

    public EnrollmentGroup Group { get; set; }

    /// <summary>The county where the cover was held (GB/T 2260); the household county for local cover.</summary>
    public required string County { get; set; }

    public ReviewStatus Status { get; set; }

    public required string OpenedBy { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>Why the supervisor accepted or rejected: required for both.</summary>
    public string? DecisionReason { get; set; }

    /// <summary>The record as the clerk saw it (<see cref="Before"/> read), or null when adding.</summary>
    public CoverageFacts? BeforeFacts => CoverageFacts.FromJson(Before);

    /// <summary>The record as it should read.</summary>
    public CoverageFacts After => new(Scheme, PaidOn, Amount, Group, County);
}
