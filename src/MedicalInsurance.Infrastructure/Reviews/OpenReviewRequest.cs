using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A clerk's review of one year of a file: the kind of dispute, the resident's claim, the evidence (a reference and/or
/// scans), the record corrected (<paramref name="CoverageId"/>; null to add one) and the record as it should read.
/// </summary>
public sealed record OpenReviewRequest(long PersonId, int Year, ReviewKind Kind, string Claim, string? Reference, long? CoverageId,
    Scheme Scheme, DateOnly? PaidOn, decimal? Amount, EnrollmentGroup Group, string County)
{
    public IReadOnlyList<EvidenceUpload> Evidence { get; init; } = [];
}
