using System.Diagnostics;
using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Imports;

public sealed record YearEndOutcome(YearEndRun Run, bool Resumed, TimeSpan Elapsed);

/// <summary>
/// The year-end run: the engine's result for coverage year Y of every resident insured in Y, recomputed and stored for the
/// settlement systems, then the dashboard figures rebuilt. It streams persons by id in chunks; each chunk's results and
/// the run's position are committed together, so a stopped run resumes after the last chunk it finished.
/// </summary>
public sealed class YearEnd(string connectionString, PolicyCatalogProvider catalogs, TimeProvider time, int chunk = 5_000)
{
    public async Task<YearEndOutcome> RunAsync(int year, Actor actor, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var watch = Stopwatch.StartNew();
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var (run, resumed) = await StartOrResumeAsync(connection, year, actor, cancellationToken);
        long total;
        await using (var count = new NpgsqlCommand("select count(*) from persons where id > $1", connection) { Parameters = { new() { Value = run.LastPersonId } } })
        {
            total = (long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        long seen = 0;
        var counties = new HashSet<string>(StringComparer.Ordinal);
        // The next chunk loads while this one is computed and written.
        var next = LoadChunkAsync(run.LastPersonId, cancellationToken);
        while (true)
        {
            var files = await next;
            if (files.Count == 0)
            {
                break;
            }

            next = LoadChunkAsync(files[^1].Person.Id, cancellationToken);
            var insured = files.Where(f => f.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Resident)).ToArray();
            var rows = new List<ComputedResult>[insured.Length];
            var now = time.GetUtcNow();
            Parallel.For(0, insured.Length, i => rows[i] = ComputedResults.Compute(insured[i], today, catalog, RegionDirectory.Shipped, now, year));
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ResultRefresh.ReplaceAsync(connection, transaction, insured, year, rows, now, cancellationToken);
                await using (var position = new NpgsqlCommand("update year_end_runs set last_person_id = $2, persons = persons + $3 where id = $1", connection, transaction))
                {
                    position.Parameters.Add(new() { Value = run.Id });
                    position.Parameters.Add(new() { Value = files[^1].Person.Id });
                    position.Parameters.Add(new() { Value = (long)insured.Length });
                    await position.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            run.LastPersonId = files[^1].Person.Id;
            run.Persons += insured.Length;
            counties.UnionWith(insured.Select(f => f.Person.HouseholdCounty));
            seen += files.Count;
            progress?.Report(new ImportProgress("year-end", seen, seen, total, watch.Elapsed));
        }

        await DashboardSummaries.RefreshAsync(connection, counties, today, time.GetUtcNow(), cancellationToken);
        run.Status = "done";
        run.FinishedAt = time.GetUtcNow();
        var details = JsonSerializer.Serialize(new { run = run.Id, year, persons = run.Persons, resumed, seconds = Math.Round(watch.Elapsed.TotalSeconds, 1) });
        await using (var finish = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Persistence.BatchCommands.Of("update year_end_runs set status = 'done', finished_at = $2 where id = $1", run.Id, run.FinishedAt),
                Persistence.BatchCommands.Of("insert into audit_entries (at, user_name, client_address, action, details) values (now(), $1, $2, 'year-end', $3::jsonb)",
                    actor.UserName, (object?)actor.ClientAddress ?? DBNull.Value, details),
            },
        })
        {
            await finish.ExecuteNonQueryAsync(cancellationToken);
        }

        return new YearEndOutcome(run, resumed, watch.Elapsed);
    }

    private async Task<List<PersonFile>> LoadChunkAsync(long after, CancellationToken cancellationToken)
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

    private static async Task<(YearEndRun, bool)> StartOrResumeAsync(NpgsqlConnection connection, int year, Actor actor, CancellationToken cancellationToken)
    {
        await using (var find = new NpgsqlCommand("select id, started_by, started_at, last_person_id, persons from year_end_runs where year = $1 and status = 'running' order by id desc limit 1", connection)
        {
            Parameters = { new() { Value = year } },
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
                    Status = "running",
                }, true);
            }
        }

        var run = new YearEndRun { Year = year, StartedBy = actor.UserName, StartedAt = DateTimeOffset.UtcNow, Status = "running" };
        await using var insert = new NpgsqlCommand("insert into year_end_runs (year, started_by, started_at, last_person_id, persons, status) values ($1, $2, $3, 0, 0, 'running') returning id", connection)
        {
            Parameters = { new() { Value = year }, new() { Value = run.StartedBy }, new() { Value = run.StartedAt } },
        };
        run.Id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        return (run, false);
    }
}
