using Npgsql;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// A session advisory lock and the pooled connection that holds it. Disposing unlocks first: Npgsql resets a pooled
/// session only when the connection is next used, so without the unlock the lock would outlive the sweep.
/// </summary>
public sealed class SweepLock(NpgsqlConnection connection, long key) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = key } } };
                await command.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException)
        {
            // A broken connection is not pooled again: the server ended its session, and the lock with it.
        }

        await connection.DisposeAsync();
    }
}
