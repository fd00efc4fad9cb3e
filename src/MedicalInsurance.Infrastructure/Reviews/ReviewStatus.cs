namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>Where a review (复核) stands (stored by name).</summary>
public enum ReviewStatus
{
    /// <summary>Opened by a clerk, waiting for a supervisor's decision.</summary>
    Open,

    /// <summary>Accepted by a supervisor: the correction was applied, the file recomputed.</summary>
    Accepted,

    /// <summary>Rejected by a supervisor: nothing changed.</summary>
    Rejected,
}
