using System.Diagnostics;
using MedicalInsurance.Infrastructure.Persons;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Results;

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

    public required Persistence.RunStatus Status { get; set; }
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
    /// A connection holding the sweep lock until the returned lock is disposed (which unlocks it before the connection goes
    /// back to the pool: a pooled session would otherwise keep the lock). With <paramref name="wait"/> it waits for any
    /// other sweep to end; without, it answers null when one is running.
    /// </summary>
    public static async Task<SweepLock?> OpenLockedAsync(NpgsqlDataSource dataSource, bool wait, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(wait ? "select pg_advisory_lock($1), true" : "select null, pg_try_advisory_lock($1)", connection)
            {
                Parameters = { new() { Value = LockKey } },
                CommandTimeout = 0,
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetBoolean(1))
            {
                return new SweepLock(connection, LockKey);
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
    /// Returns the counties written.
    /// </summary>
    public static async Task<HashSet<string>> RunAsync(NpgsqlDataSource dataSource, NpgsqlConnection connection, long after, int chunk, TimeProvider time,
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
        // The next chunk is locked and loaded while this one is computed and written.
        Task<LockedChunk>? next = LockedChunk.AfterAsync(dataSource, after, chunk, cancellationToken);
        try
        {
            while (next is not null)
            {
                await using var current = await next;
                next = null;
                if (current.Seen == 0)
                {
                    break;
                }

                next = LockedChunk.AfterAsync(dataSource, current.Last, chunk, cancellationToken);
                var now = time.GetUtcNow();
                var written = compute(current.Files, now);
                await ComputedResultRows.ReplaceAsync(current.Connection, current.Transaction, written.Files, written.Year, written.Rows.SelectMany(r => r), now, cancellationToken);
                await using (var update = new NpgsqlCommand(position, current.Connection, current.Transaction))
                {
                    update.Parameters.Add(new() { Value = runId });
                    update.Parameters.Add(new() { Value = current.Last });
                    update.Parameters.Add(new() { Value = (long)written.Files.Count });
                    await update.ExecuteNonQueryAsync(cancellationToken);
                }

                await current.Transaction.CommitAsync(cancellationToken);
                counties.UnionWith(written.Files.Select(f => f.Person.HouseholdCounty));
                seen += current.Seen;
                progress?.Invoke(seen, total, watch.Elapsed);
            }
        }
        finally
        {
            await LockedChunk.ReleaseAsync(next);
        }

        return counties;
    }

    /// <summary>Marks the run done in <paramref name="table"/> and audits it, with the details made from the finished run.</summary>
    public static async Task FinishAsync(NpgsqlConnection connection, string table, SweepRun run, DateTimeOffset finishedAt, Audit.Actor actor, string action,
        Func<SweepRun, object> details, CancellationToken cancellationToken)
    {
        await using (var persons = new NpgsqlCommand($"select persons from {table} where id = $1", connection) { Parameters = { new() { Value = run.Id } } })
        {
            run.Persons = (long)(await persons.ExecuteScalarAsync(cancellationToken))!;
        }

        run.Status = Persistence.RunStatus.Done;
        run.FinishedAt = finishedAt;
        await using var finish = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Persistence.BatchCommands.Of($"update {table} set status = $3, finished_at = $2 where id = $1", run.Id, finishedAt, Persistence.RunStatuses.Name(Persistence.RunStatus.Done)),
                Audit.AuditLog.Command(actor, action, details(run)),
            },
        };
        await finish.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// A chunk of files read under their persons' row locks, in its own transaction: whoever is changing one of these files
/// (a clerk's registration, an import's merge: their foreign keys take a key-share lock on the person) either finished
/// before — and the chunk reads the change — or waits until the chunk is written. A sweep skips the persons such a writer
/// holds rather than wait: the writer recomputes them itself (an import, after its merge).
/// </summary>
internal sealed class LockedChunk : IAsyncDisposable
{
    private LockedChunk(NpgsqlConnection connection, NpgsqlTransaction transaction, List<PersonFile> files, long last, long seen)
    {
        (Connection, Transaction, Files, Last, Seen) = (connection, transaction, files, last, seen);
    }

    public NpgsqlConnection Connection { get; }

    public NpgsqlTransaction Transaction { get; }

    public List<PersonFile> Files { get; }

    /// <summary>The highest person id the chunk covers (skipped persons included).</summary>
    public long Last { get; }

    /// <summary>Persons the chunk covers, skipped ones included.</summary>
    public long Seen { get; }

    /// <summary>The next <paramref name="chunk"/> persons by id after <paramref name="after"/>, skipping those being written.</summary>
    public static Task<LockedChunk> AfterAsync(NpgsqlDataSource dataSource, long after, int chunk, CancellationToken cancellationToken) =>
        OpenAsync(dataSource,
            "with next as (select id from persons where id > $1 order by id limit $2) select n.id, p.id is not null from next n " +
            "left join (select id from persons where id in (select id from next) for update skip locked) p on p.id = n.id order by n.id",
            [after, chunk], cancellationToken);

    /// <summary>
    /// These persons (those of them that exist), waiting for whoever is writing one of them: after an import's merge its
    /// persons must be read as they are once the clerks at their counters are done. Locked in id order, like the merge's
    /// inserts, so the two cannot deadlock.
    /// </summary>
    public static Task<LockedChunk> OfAsync(NpgsqlDataSource dataSource, long[] ids, CancellationToken cancellationToken) =>
        OpenAsync(dataSource, "select id, true from persons where id = any($1) order by id for update", [ids], cancellationToken);

    private static async Task<LockedChunk> OpenAsync(NpgsqlDataSource dataSource, string select, object[] parameters, CancellationToken cancellationToken)
    {
        var connection = dataSource.CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var locked = new List<long>();
            long last = 0, seen = 0;
            // No time limit on the wait for a writer's lock (an import's merge may hold its persons for a minute).
            await using (var command = new NpgsqlCommand(select, connection, transaction) { CommandTimeout = 0 })
            {
                foreach (var value in parameters)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    (last, seen) = (reader.GetInt64(0), seen + 1);
                    if (reader.GetBoolean(1))
                    {
                        locked.Add(last);
                    }
                }
            }

            var files = locked.Count == 0 ? [] : await PersonFiles.LoadManyAsync(connection, [.. locked], cancellationToken);
            return new LockedChunk(connection, transaction, files, last, seen);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A chunk locked ahead and not written (the run stopped, or failed): its transaction rolls back.</summary>
    public static async Task ReleaseAsync(Task<LockedChunk>? pending)
    {
        if (pending is null)
        {
            return;
        }

        try
        {
            await (await pending).DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or NpgsqlException)
        {
            // It failed to open: nothing to give back.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
