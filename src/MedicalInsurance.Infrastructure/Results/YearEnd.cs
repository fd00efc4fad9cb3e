using System.Diagnostics;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// The year-end run: the engine's result for coverage year Y of every resident insured in Y, recomputed and stored for the
/// settlement systems, then the dashboard figures rebuilt. It streams persons by id in chunks; each chunk's results and
/// the run's position are committed together, so a stopped run resumes after the last chunk it finished.
/// </summary>
public sealed class YearEnd(NpgsqlDataSource dataSource, PolicyCatalogProvider catalogs, TimeProvider time, int chunk = 5_000)
{
    public async Task<YearEndOutcome> RunAsync(int year, Actor actor, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var watch = Stopwatch.StartNew();
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        // Another sweep (this one started twice, or a recomputation of every file) finishes first.
        await using var sweepLock = (await PersonSweep.OpenLockedAsync(dataSource, wait: true, cancellationToken))!;
        var connection = sweepLock.Connection;
        var (run, resumed) = await StartOrResumeAsync(connection, year, actor, time.GetUtcNow(), cancellationToken);
        var counties = await PersonSweep.RunAsync(dataSource, connection, run.LastPersonId, chunk, time,
            (files, now) =>
            {
                var insured = files.Where(f => f.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Resident)).ToArray();
                var rows = new List<ComputedResult>[insured.Length];
                Parallel.For(0, insured.Length, i => rows[i] = ComputedResults.Compute(insured[i], today, catalog, RegionDirectory.Shipped, now, year));
                return new SweepChunk(insured, rows, year);
            },
            "update year_end_runs set last_person_id = $2, persons = persons + $3 where id = $1", run.Id,
            (seen, total, elapsed) => progress?.Report(new ImportProgress("year-end", seen, seen, total, elapsed)), cancellationToken);
        await DashboardSummaries.RefreshAsync(connection, counties, today, time.GetUtcNow(), cancellationToken);
        await PersonSweep.FinishAsync(connection, "year_end_runs", run, time.GetUtcNow(), actor, "year-end",
            r => new { run = r.Id, year, persons = r.Persons, resumed, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) }, cancellationToken);
        return new YearEndOutcome(run, resumed, watch.Elapsed);
    }

    private static async Task<(YearEndRun, bool)> StartOrResumeAsync(NpgsqlConnection connection, int year, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var find = new NpgsqlCommand("select id, started_by, started_at, last_person_id, persons from year_end_runs where year = $1 and status = $2 order by id desc limit 1", connection)
        {
            Parameters = { new() { Value = year }, new() { Value = RunStatuses.Name(RunStatus.Running) } },
        })
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return (new YearEndRun
                {
                    Id = reader.GetInt64(0),
                    Year = year,
                    StartedBy = reader.GetString(1),
                    StartedAt = reader.GetFieldValue<DateTimeOffset>(2),
                    LastPersonId = reader.GetInt64(3),
                    Persons = reader.GetInt64(4),
                    Status = RunStatus.Running,
                }, true);
            }
        }

        var run = new YearEndRun { Year = year, StartedBy = actor.UserName, StartedAt = now, Status = RunStatus.Running };
        await using var insert = new NpgsqlCommand("insert into year_end_runs (year, started_by, started_at, last_person_id, persons, status) values ($1, $2, $3, 0, 0, $4) returning id", connection)
        {
            Parameters = { new() { Value = year }, new() { Value = run.StartedBy }, new() { Value = run.StartedAt }, new() { Value = RunStatuses.Name(RunStatus.Running) } },
        };
        run.Id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        return (run, false);
    }
}
