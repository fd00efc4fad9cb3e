namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// One thing an import asks a clerk to check on a file, written by the import's merge in its transaction; resolved when a
/// clerk confirms (or corrects) the file's household county.
/// </summary>
public sealed class ReviewQueueItem
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public long? ImportId { get; set; }

    /// <summary>The row of the import file (as a spreadsheet numbers it); null for a file created from several rows.</summary>
    public long? Line { get; set; }

    public ReviewQueueItemKind Kind { get; set; }

    /// <summary>What the row said, as JSON: the county a file was created in, the row's name, or the row's record.</summary>
    public string? Details { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }
}
