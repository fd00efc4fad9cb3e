namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>What the reads make of the streaming replica.</summary>
public enum ReplicaState
{
    /// <summary>No replica configured: every read on the primary.</summary>
    None,

    /// <summary>Answering and within the lag bound: reads there, except a reader's own unreplayed write.</summary>
    Current,

    /// <summary>Answering but behind by more than the bound (or by an unknown amount): reads on the primary.</summary>
    Lagging,

    /// <summary>Not answering: reads on the primary.</summary>
    Down,
}
