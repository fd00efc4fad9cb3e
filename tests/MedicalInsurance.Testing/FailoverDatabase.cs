namespace MedicalInsurance.Testing;

/// <summary>
/// A migrated database on a primary and replica of its own (<see cref="OwnedReplicaPair"/>), for the tests that lose the
/// primary and promote the replica; the pair is stopped and removed afterwards, the database with it.
/// </summary>
public sealed class FailoverDatabase : ReplicatedDatabase
{
    public OwnedReplicaPair OwnedPair { get; private set; } = null!;

    protected override async Task<ReplicaPair> StartPairAsync() => OwnedPair = await OwnedReplicaPair.StartAsync();

    /// <summary>No database to drop (the primary may be gone): the clusters go whole.</summary>
    protected override async Task DropAsync()
    {
        if (OwnedPair is not null)
        {
            await OwnedPair.DisposeAsync();
        }
    }
}
