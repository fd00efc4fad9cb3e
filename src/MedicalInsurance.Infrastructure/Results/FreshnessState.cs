namespace MedicalInsurance.Infrastructure.Results;

public enum FreshnessState
{
    /// <summary>The stored results were computed under the current stamp: nothing done.</summary>
    Fresh,

    /// <summary>Another sweep holds the lock (the year-end run, or this in another process): try again later.</summary>
    Busy,

    /// <summary>Every file recomputed.</summary>
    Recomputed,
}
