using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Testing;

/// <summary>
/// A primary and its streaming replica (PostgreSQL's own physical replication), each by an administrative connection
/// string, and a wait until the replica has replayed what the primary had written. <see cref="Shared"/> is the pair
/// scripts/test.sh starts on loopback in every mode (<c>MI_TEST_REPLICA_PRIMARY</c>, <c>MI_TEST_REPLICA</c>); a test that
/// stops a server makes a pair of its own (<see cref="OwnedReplicaPair"/>). Without the variables the tests fail, saying
/// so — they never skip.
/// </summary>
public class ReplicaPair
{
    public const string PrimaryVariable = "MI_TEST_REPLICA_PRIMARY";
    public const string ReplicaVariable = "MI_TEST_REPLICA";

    private static readonly Lazy<ReplicaPair> FromEnvironment = new(() => new ReplicaPair(
        Required(PrimaryVariable, "an administrative connection string to the primary of the pair"),
        Required(ReplicaVariable, "one to its streaming replica")));

    public ReplicaPair(string primaryConnectionString, string replicaConnectionString)
    {
        PrimaryConnectionString = primaryConnectionString;
        ReplicaConnectionString = replicaConnectionString;
    }

    /// <summary>The pair of the test command; throws, naming the variables, when they are not set.</summary>
    public static ReplicaPair Shared => FromEnvironment.Value;

    /// <summary>As the superuser, to the database <c>postgres</c> of the primary: rights to create databases.</summary>
    public string PrimaryConnectionString { get; }

    /// <summary>As the same superuser (its role and password are replicated), to the replica.</summary>
    public string ReplicaConnectionString { get; }

    /// <summary>
    /// Waits until the replica has replayed the primary's WAL up to where the primary had written it when called
    /// (<c>pg_current_wal_lsn()</c> there, <c>pg_last_wal_replay_lsn()</c> here): every commit that had returned — with
    /// synchronous_commit on, as the pairs run — is then visible on the replica. Returns how long that took; throws when
    /// it takes longer than <paramref name="timeout"/> (30 s unless told).
    /// </summary>
    public async Task<TimeSpan> WaitForReplayAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var target = await ScalarAsync<NpgsqlLogSequenceNumber>(PrimaryConnectionString, "select pg_current_wal_lsn()", cancellationToken);
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        await using var replica = new NpgsqlConnection(ReplicaConnectionString);
        await replica.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select pg_last_wal_replay_lsn()", replica);
        while (true)
        {
            var replayed = await command.ExecuteScalarAsync(cancellationToken) is NpgsqlLogSequenceNumber lsn ? lsn : default;
            if (replayed >= target)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"The replica has replayed up to {replayed}, not the primary's {target}, within {limit.TotalSeconds} s.");
            }

            await Task.Delay(5, cancellationToken);
        }
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"No streaming replica for the tests: {variable} ({what}) is not set. Run the tests with scripts/test.sh, " +
                "which starts a primary and its replica on loopback in every mode.");
}
