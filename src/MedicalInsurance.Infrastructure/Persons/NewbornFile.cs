namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// A newborn's file before an ID number exists (出生一件事): made by a births extract, keyed by the birth certificate
/// (出生医学证明编号), and merged into the child's <see cref="Person"/> file when a population extract brings the ID
/// number (docs/decisions/0009). A merged file stays, pointing at the person: the certificate and the mother's ID number
/// stay on record, and the newborn lists read the person instead.
/// </summary>
public sealed class NewbornFile
{
    public long Id { get; set; }

    /// <summary>出生医学证明编号: one upper-case letter and nine digits (e.g. O130123456); unique.</summary>
    public required string CertificateNumber { get; set; }

    /// <summary>The child's name when the extract gives one (a newborn is often registered before being named).</summary>
    public string? Name { get; set; }

    public required DateOnly BirthDate { get; set; }

    /// <summary>The mother's ID number (18 characters, check character verified on import).</summary>
    public required string MotherIdNumber { get; set; }

    /// <summary>The county of residence the extract gives (a county of a served province): the list's county.</summary>
    public required string County { get; set; }

    /// <summary>The township of residence (9-digit statistical code inside <see cref="County"/>), when given.</summary>
    public string? Township { get; set; }

    /// <summary>The births import that created the file or last changed its facts.</summary>
    public long ImportId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The person file this file was merged into; null while the child has no ID number on file.</summary>
    public long? PersonId { get; set; }

    public DateTimeOffset? MergedAt { get; set; }

    /// <summary>The population import whose row brought the ID number.</summary>
    public long? MergedByImportId { get; set; }
}
