using System.Diagnostics;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// Keeps <c>computed_results</c> true to what they depend on besides the files themselves: the engine (its answers and the
/// stored columns, <see cref="EngineVersion"/>), the policy parameters an administrator edits, and the current year (each
/// file has rows up to next year). Writes to a file recompute that file at once; when one of these changes, every file
/// is recomputed here — after an upgrade, after a parameter change, and on the first day of a year — then the
/// dashboard figures are rebuilt.
/// </summary>
public sealed class ResultsFreshness(NpgsqlDataSource dataSource, PolicyCatalogProvider catalogs, TimeProvider time, int chunk = ResultRefresh.ChunkSize)
{
    /// <summary>The PostgreSQL advisory lock the sweeps (this, the year-end run) hold while they run.</summary>
    public const long SweepLock = PersonSweep.LockKey;

    /// <summary>Raise when the engine's answers or the columns of <c>computed_results</c> change: every file is recomputed.</summary>
    public const int EngineVersion = 2;

    /// <summary>The engine version, this year (Beijing time) and a digest of the policy parameters.</summary>
    public async Task<ResultsStamp> StampAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("select coalesce(md5(string_agg(p::text, '|' order by p.id)), 'shipped') from policy_parameters p", connection);
        var parameters = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new ResultsStamp(EngineVersion, Domain.Time.ChinaCalendar.Today(time).Year, parameters);
    }

    /// <summary>
    /// Recomputes every file if the stored results are not under the current stamp (or <paramref name="force"/>),
    /// resuming an unfinished run of the same stamp. With <paramref name="wait"/> false it gives up at once when another
    /// sweep is running.
    /// </summary>
    public async Task<FreshnessOutcome> EnsureAsync(Actor actor, bool wait, bool force = false, IProgress<Imports.ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var watch = Stopwatch.StartNew();
        await using var sweepLock = await PersonSweep.OpenLockedAsync(dataSource, wait, cancellationToken);
        if (sweepLock is null)
        {
            return new FreshnessOutcome(FreshnessState.Busy, null, false, watch.Elapsed);
        }

        var connection = sweepLock.Connection;

        var stamp = await StampAsync(connection, cancellationToken);
        var (run, resumed) = await StartOrResumeAsync(connection, stamp, actor, force, cancellationToken);
        if (run is null)
        {
            return new FreshnessOutcome(FreshnessState.Fresh, null, false, watch.Elapsed);
        }

        // Built afresh from the table: a catalog cached before the change would stamp old answers as new.
        catalogs.Invalidate();
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await PersonSweep.RunAsync(dataSource, connection, run.LastPersonId, chunk, time,
            (files, now) =>
            {
                var rows = new List<ComputedResult>[files.Count];
                Parallel.For(0, files.Count, i => rows[i] = ComputedResults.Compute(files[i], today, catalog, RegionDirectory.Shipped, now));
                return new SweepChunk(files, rows, null);
            },
            "update recompute_runs set last_person_id = $2, persons = persons + $3 where id = $1", run.Id,
            (seen, total, elapsed) => progress?.Report(new Imports.ImportProgress("recomputing", seen, seen, total, elapsed)), cancellationToken);

        var counties = await DashboardSummaries.AllCountiesAsync(connection, cancellationToken);
        await DashboardSummaries.RefreshAsync(connection, [.. counties], today, time.GetUtcNow(), cancellationToken);
        await PersonSweep.FinishAsync(connection, "recompute_runs", run, time.GetUtcNow(), actor, "recompute",
            r => new { run = r.Id, stamp = stamp.ToString(), persons = r.Persons, resumed, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) }, cancellationToken);
        return new FreshnessOutcome(FreshnessState.Recomputed, run, resumed, watch.Elapsed);
    }

    /// <summary>The run to carry on or to start, or null when the results are fresh.</summary>
    private async Task<(RecomputeRun? Run, bool Resumed)> StartOrResumeAsync(NpgsqlConnection connection, ResultsStamp stamp, Actor actor, bool force, CancellationToken cancellationToken)
    {
        RecomputeRun? running = null;
        ResultsStamp? done = null;
        await using (var find = new NpgsqlCommand(
            "select id, stamp, started_by, started_at, last_person_id, persons, status from recompute_runs where status = any($1) order by id desc limit 2", connection)
        {
            Parameters = { new() { Value = new[] { RunStatuses.Name(RunStatus.Running), RunStatuses.Name(RunStatus.Done) } } },
        })
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (RunStatuses.Parse(reader.GetString(6)) == RunStatus.Running)
                {
                    running ??= new RecomputeRun
                    {
                        Id = reader.GetInt64(0),
                        Stamp = ResultsStamp.Parse(reader.GetString(1)),
                        StartedBy = reader.GetString(2),
                        StartedAt = reader.GetFieldValue<DateTimeOffset>(3),
                        LastPersonId = reader.GetInt64(4),
                        Persons = reader.GetInt64(5),
                        Status = RunStatus.Running,
                    };
                }
                else
                {
                    done ??= ResultsStamp.Parse(reader.GetString(1));
                }
            }
        }

        if (running is not null && running.Stamp == stamp)
        {
            return (running, true);
        }

        if (running is not null)
        {
            await using var supersede = new NpgsqlCommand("update recompute_runs set status = $3, finished_at = $2 where id = $1", connection)
            {
                Parameters = { new() { Value = running.Id }, new() { Value = time.GetUtcNow() }, new() { Value = RunStatuses.Name(RunStatus.Superseded) } },
            };
            await supersede.ExecuteNonQueryAsync(cancellationToken);
        }

        var run = new RecomputeRun { Stamp = stamp, StartedBy = actor.UserName, StartedAt = time.GetUtcNow(), Status = RunStatus.Running };
        // A run of another stamp left part of the files under that stamp: whatever was done before, all go again.
        if (!force && running is null && (done == stamp || (done is null && !await AnyResultsAsync(connection, cancellationToken))))
        {
            if (done is null)
            {
                // A new database: whatever it will hold is computed under this stamp. Recorded, so a later change shows.
                await InsertAsync(connection, run, RunStatus.Done, cancellationToken);
            }

            return (null, false);
        }

        run.Id = await InsertAsync(connection, run, RunStatus.Running, cancellationToken);
        return (run, false);
    }

    private static async Task<bool> AnyResultsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select exists (select 1 from computed_results)", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<long> InsertAsync(NpgsqlConnection connection, RecomputeRun run, RunStatus status, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            "insert into recompute_runs (stamp, started_by, started_at, finished_at, last_person_id, persons, status) values ($1, $2, $3, case when $4 = $5 then $3 end, 0, 0, $4) returning id",
            connection)
        {
            Parameters = { new() { Value = run.Stamp.ToString() }, new() { Value = run.StartedBy }, new() { Value = run.StartedAt }, new() { Value = RunStatuses.Name(status) }, new() { Value = RunStatuses.Name(RunStatus.Done) } },
        };
        return (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
    }
}
