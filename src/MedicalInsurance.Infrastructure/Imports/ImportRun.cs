namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// One import of one file: who, when, the file's SHA-256, and what came of its rows. Written in the transaction that
/// loads and merges the file (status <c>merged</c>), completed once the files it touched are recomputed (<c>done</c>).
/// A file whose hash was imported before changes nothing and says so.
/// </summary>
public sealed class ImportRun
{
    public long Id { get; set; }

    public ImportKind Kind { get; set; }

    public required string FileName { get; set; }

    /// <summary>SHA-256 of the file's bytes, lower-case hex.</summary>
    public required string FileHash { get; set; }

    public required string Encoding { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>merged (loaded, results not yet recomputed) or done.</summary>
    public required Persistence.RunStatus Status { get; set; }

    public long Rows { get; set; }

    /// <summary>New records written (payments: coverage records; claims: years not known before; population: files created; births: newborn files created).</summary>
    public long Inserted { get; set; }

    /// <summary>Claims: years whose figures the file revised; population: files whose household, townships or status changed; births: open newborn files whose facts changed.</summary>
    public long Updated { get; set; }

    /// <summary>Rows equal to what the file already holds.</summary>
    public long Unchanged { get; set; }

    /// <summary>Rows refused: invalid, a name that disagrees with the file, or a conflicting record.</summary>
    public long Errors { get; set; }

    /// <summary>Population only: township codes not in the shipped list, accepted (their county is known) and flagged.</summary>
    public long FlaggedTownships { get; set; }

    /// <summary>Payments and population: files created for persons not yet in the file (marked for review).</summary>
    public long PersonsCreated { get; set; }

    /// <summary>
    /// Payments only: persons the file made insured twice in a year (重复参保) — a resident and an employee record, or
    /// resident cover paid in a county other than the one on file. Merged, not refused: they are for the duplicates list.
    /// </summary>
    public long Duplicates { get; set; }

    /// <summary>
    /// Population only: newborn files (made by a births extract, keyed by the birth certificate) merged into the files of
    /// the children whose ID numbers this extract brought.
    /// </summary>
    public long NewbornsMerged { get; set; }
}
