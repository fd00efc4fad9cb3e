using System.Globalization;
using Npgsql;

namespace MedicalInsurance.Testing;

/// <summary>
/// A primary and its streaming replica made for one test class by scripts/lib/common.sh (<c>mi_pg_start</c>,
/// <c>mi_pg_start_replica</c>) in a folder of <c>MI_TEST_CLUSTERS</c>, so that its tests may lose the primary and promote
/// the replica with the operator's script. Stopped and removed when disposed.
/// </summary>
public sealed class OwnedReplicaPair : ReplicaPair, IAsyncDisposable
{
    /// <summary>As the test command's server: no fsync, no full-page images. synchronous_commit stays on (see scripts/test.sh).</summary>
    private static readonly Dictionary<string, string> Options = new() { ["MI_PG_OPTIONS"] = "-c fsync=off -c full_page_writes=off" };

    private readonly string _folder;

    private OwnedReplicaPair(string folder, string primary, string replica, int replicaPort)
        : base(primary, replica)
    {
        _folder = folder;
        ReplicaPort = replicaPort;
    }

    public string PrimaryDataDirectory => Path.Combine(_folder, "primary", "pgdata");

    public string ReplicaDataDirectory => Path.Combine(_folder, "replica", "pgdata");

    public int ReplicaPort { get; }

    public static async Task<OwnedReplicaPair> StartAsync()
    {
        var folder = TestScripts.NewClusterFolder();
        var ports = (await TestScripts.WithCommonAsync(
            // Each start its own assignment, so that a failure stops the script (set -e) with what it said, not an empty port.
            """primary=$(mi_pg_start "$1/primary/pgdata"); replica=$(mi_pg_start_replica "$1/primary/pgdata" "$primary" "$1/replica/pgdata"); echo "$primary $replica" """,
            Options, folder)).Split(' ');
        var password = (await File.ReadAllTextAsync(Path.Combine(folder, "primary", "postgres.password"))).Trim();
        string Admin(string port) =>
            $"Host=127.0.0.1;Port={int.Parse(port, CultureInfo.InvariantCulture)};Username=postgres;Password={password};Database=postgres";
        return new OwnedReplicaPair(folder, Admin(ports[0]), Admin(ports[1]), int.Parse(ports[1], CultureInfo.InvariantCulture));
    }

    /// <summary>Stops the primary at once — no checkpoint, no last word to the replica — as when the server is lost.</summary>
    public async Task LosePrimaryAsync() =>
        await TestScripts.WithCommonAsync("""mi_pg_stop "$1" immediate""", null, PrimaryDataDirectory);

    /// <summary>
    /// Runs scripts/promote-replica.sh on the replica, as an operator would after losing the primary; returns the port it
    /// printed and what it told the operator.
    /// </summary>
    public async Task<(int Port, string Told)> PromoteReplicaAsync()
    {
        var (output, errors) = await TestScripts.ScriptAsync("promote-replica.sh", ReplicaDataDirectory);
        return (int.Parse(output, CultureInfo.InvariantCulture), errors);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await TestScripts.WithCommonAsync("""mi_pg_stop "$1"; mi_pg_stop "$2" """, null, ReplicaDataDirectory, PrimaryDataDirectory);
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
