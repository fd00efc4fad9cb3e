namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A scan a clerk uploaded for a review (PDF, JPEG or PNG, its type taken from its first bytes), kept in the database
/// with the review and served only to users whose scope holds the person.
/// </summary>
public sealed class ReviewEvidence
{
    public long Id { get; set; }

    public long ReviewId { get; set; }

    public required string FileName { get; set; }

    /// <summary>application/pdf, image/jpeg or image/png, as the content's signature says.</summary>
    public required string ContentType { get; set; }

    public int Length { get; set; }

    /// <summary>SHA-256 of the content, lower-case hex: the same scan twice on one review is kept once.</summary>
    public required string Sha256 { get; set; }

    public required byte[] Content { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset UploadedAt { get; set; }
}
