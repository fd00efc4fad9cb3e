namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>Where a recorded run (an import, the year-end run, a recomputation) stands.</summary>
public enum RunStatus
{
    /// <summary>An import reading its file and merging (not yet committed).</summary>
    Loading,

    /// <summary>A sweep under way, or stopped and to be resumed from its position.</summary>
    Running,

    /// <summary>An import committed whose files are still being recomputed.</summary>
    Merged,

    Done,

    /// <summary>A recomputation abandoned because the engine, the parameters or the year changed under it.</summary>
    Superseded,
}
