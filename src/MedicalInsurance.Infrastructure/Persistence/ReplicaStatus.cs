namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>The replica as the last probe found it: its state, its lag when known, and what is wrong in words.</summary>
public sealed record ReplicaStatus(ReplicaState State, TimeSpan? Lag, string? Problem);
