namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// One thing to check on a queued file: which import (and row) it came from and what the row said (<paramref name="Details"/>,
/// JSON as the import wrote it; none for a file the import created). The import is null where it is not known.
/// </summary>
public sealed record QueueCheck(ReviewQueueItemKind Kind, long? ImportId, string? FileName, DateTimeOffset? ImportedAt, long? Line, string? Details);
