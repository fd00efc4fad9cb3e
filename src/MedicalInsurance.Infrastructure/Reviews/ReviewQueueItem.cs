namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A row of an import that disagreed with a file (its name, or a stored record), written by the import's merge in its
/// transaction; resolved when a clerk confirms (or corrects) the file's household county.
/// </summary>
public sealed class ReviewQueueItem
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public long? ImportId { get; set; }

    /// <summary>The row of the import file (as a spreadsheet numbers it).</summary>
    public long? Line { get; set; }

    public ReviewQueueItemKind Kind { get; set; }

    /// <summary>What the row said, as JSON: its name, or its record beside the stored one.</summary>
    public string? Details { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public string? ResolvedBy { get; set; }
}
