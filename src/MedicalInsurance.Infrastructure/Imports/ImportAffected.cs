namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A person an import changed, kept until their results are recomputed (so an interrupted refresh resumes).</summary>
public sealed class ImportAffected
{
    public long ImportId { get; set; }

    public long PersonId { get; set; }
}
