namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// One thing to check on a queued file: what the import said (<paramref name="Details"/>, JSON as the import wrote it)
/// and which import and row it came from. A file flagged for review with no item (created before items were kept) has one
/// <see cref="ReviewQueueItemKind.Created"/> check without an import.
/// </summary>
public sealed record QueueCheck(ReviewQueueItemKind Kind, long? ImportId, string? FileName, DateTimeOffset? ImportedAt, long? Line, string? Details);
