namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// One recomputation of every file's stored results, under the stamp it brings them to. Streams by person id and
/// records how far it got, so it resumes; superseded when the stamp changed before it finished.
/// </summary>
public sealed class RecomputeRun : SweepRun
{
    /// <summary>What the results depend on besides the files: <see cref="ResultsFreshness.StampAsync"/>.</summary>
    public required ResultsStamp Stamp { get; set; }
}
