using System.Diagnostics;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>A run of a sweep, recorded in its table: who started it, how far it got, and whether it is done.</summary>
public abstract class SweepRun
{
    public long Id { get; set; }

    public required string StartedBy { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Every person up to this id is done.</summary>
    public long LastPersonId { get; set; }

    /// <summary>Files whose results the run wrote.</summary>
    public long Persons { get; set; }

    public required string Status { get; set; }
}

/// <summary>What one chunk of a sweep writes: the files it recomputed, their rows, and the year (all years when null).</summary>
internal sealed record SweepChunk(IReadOnlyCollection<PersonFile> Files, List<ComputedResult>[] Rows, int? Year);

/// <summary>
/// Walks every file by person id in chunks (the next chunk loads while this one is computed and written) and replaces
/// the chunk's stored results together with the run's position in one transaction, so a stopped sweep resumes after the
/// last chunk it finished. Sweeps (the year-end run, the recomputation of every file) hold one advisory lock, so they
/// never run at once, whichever process starts them.
/// </summary>
internal static class PersonSweep
{
    /// <summary>The session advisory lock every sweep holds while it runs ("medins").</summary>
    public const long LockKey = 0x6D65_6469_6E73;

    /// <summary>
    /// A connection of its own (not pooled: a pooled connection would keep the session, and the lock, after it is
    /// closed) holding the sweep lock until it is closed. With <paramref name="wait"/> it waits for any other sweep to
    /// end; without, it answers null when one is running.
    /// </summary>
    public static async Task<NpgsqlConnection?> OpenLockedAsync(string connectionString, bool wait, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(wait ? "select pg_advisory_lock($1), true" : "select null, pg_try_advisory_lock($1)", connection)
            {
                Parameters = { new() { Value = LockKey } },
                CommandTimeout = 0,
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(1))
            {
                return connection;
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>
    /// Sweeps the files after <paramref name="after"/>; <paramref name="position"/> is an update of the run's row with
    /// $1 the run's id, $2 the last person id of the chunk and $3 the number of files written, run in the chunk's transaction.
    /// Returns the counties written and the number of files seen.
    /// </summary>
    public static async Task<(HashSet<string> Counties, long Seen)> RunAsync(string connectionString, NpgsqlConnection connection, long after, int chunk, TimeProvider time,
        Func<List<PersonFile>, DateTimeOffset, SweepChunk> compute, string position, long runId, Action<long, long, TimeSpan>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        long total;
        await using (var count = new NpgsqlCommand("select count(*) from persons where id > $1", connection) { Parameters = { new() { Value = after } } })
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        long seen = 0;
        var counties = new HashSet<string>(StringComparer.Ordinal);
        var next = LoadChunkAsync(connectionString, after, chunk, cancellationToken);
        while (true)
        {
            var files = await next;
            if (files.Count == 0)
            {
                break;
            }

            var last = files[^1].Person.Id;
            next = LoadChunkAsync(connectionString, last, chunk, cancellationToken);
            var now = time.GetUtcNow();
            var written = compute(files, now);
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ResultRefresh.ReplaceAsync(connection, transaction, written.Files, written.Year, written.Rows, now, cancellationToken);
                await using (var update = new NpgsqlCommand(position, connection, transaction))
                {
                    update.Parameters.Add(new() { Value = runId });
                    update.Parameters.Add(new() { Value = last });
                    update.Parameters.Add(new() { Value = (long)written.Files.Count });
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            counties.UnionWith(written.Files.Select(f => f.Person.HouseholdCounty));
            seen += files.Count;
            progress?.Invoke(seen, total, watch.Elapsed);
        }

        return (counties, seen);
    }

    private static async Task<List<PersonFile>> LoadChunkAsync(string connectionString, long after, int chunk, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var ids = new List<long>(chunk);
        await using (var command = new NpgsqlCommand("select id from persons where id > $1 order by id limit $2", connection) { Parameters = { new() { Value = after }, new() { Value = chunk } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        return ids.Count == 0 ? [] : await PersonFiles.LoadManyAsync(connection, [.. ids], cancellationToken);
    }

    /// <summary>Marks the run done in <paramref name="table"/> and audits it, with the details made from the finished run.</summary>
    public static async Task FinishAsync(NpgsqlConnection connection, string table, SweepRun run, DateTimeOffset finishedAt, Audit.Actor actor, string action,
        Func<SweepRun, object> details, CancellationToken cancellationToken)
    {
        await using (var persons = new NpgsqlCommand($"select persons from {table} where id = $1", connection) { Parameters = { new() { Value = run.Id } } })
        {
            run.Persons = (long)(await persons.ExecuteScalarAsync(cancellationToken))!;
        }

        run.Status = "done";
        run.FinishedAt = finishedAt;
        await using var finish = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Persistence.BatchCommands.Of($"update {table} set status = 'done', finished_at = $2 where id = $1", run.Id, finishedAt),
                Persistence.BatchCommands.Of("insert into audit_entries (at, user_name, client_address, action, details) values (now(), $1, $2, $3, $4::jsonb)",
                    actor.UserName, (object?)actor.ClientAddress ?? DBNull.Value, action, System.Text.Json.JsonSerializer.Serialize(details(run))),
            },
        };
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }
}
