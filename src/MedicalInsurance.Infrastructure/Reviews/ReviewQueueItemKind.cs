namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>Why an import put a file on the review queue (stored by name).</summary>
public enum ReviewQueueItemKind
{
    /// <summary>
    /// The import created the file from a payment alone: the household county is the payment's county. Shown for a file
    /// flagged <see cref="Persons.Person.NeedsReview"/>; no item is written (an import may create a hundred thousand files).
    /// </summary>
    Created,

    /// <summary>A row's name disagreed with the file's (the row was refused).</summary>
    NameDiffers,

    /// <summary>A row disagreed with a stored record of the same year and scheme (the row was refused, the record kept).</summary>
    RecordDiffers,

    /// <summary>
    /// A population row's child may be a newborn file's (by its certificate, or by mother and birth date) but the match is
    /// not certain — the certificate's birth date or name disagrees, or more than one file or child fits: nothing merged.
    /// </summary>
    NewbornUnmatched,
}
