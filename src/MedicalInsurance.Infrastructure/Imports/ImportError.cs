namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A refused row of an import: line, field and reason, for the downloadable error file.</summary>
public sealed class ImportError
{
    public long ImportId { get; set; }

    public long Line { get; set; }

    public required string Field { get; set; }

    public required string Reason { get; set; }
}
