using System.Diagnostics;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

public sealed record RefreshCounts(long Persons, long Results, IReadOnlyCollection<string> Counties, TimeSpan Elapsed);

/// <summary>
/// Recomputes the stored results of many files after bulk changes (an import, the year-end run): files loaded in chunks
/// of ids, computed on all cores, their rows replaced (delete, then binary COPY) and their counties marked pending — one
/// transaction per chunk, so an interrupted run leaves every chunk either old or new and can simply be run again.
/// </summary>
public static class ResultRefresh
{
    public const int ChunkSize = 5_000;

    public static async Task<RefreshCounts> RefreshAsync(string connectionString, IEnumerable<long> personIds, DateOnly today, PolicyCatalog catalog, DateTimeOffset now,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var watch = Stopwatch.StartNew();
        var counties = new HashSet<string>(StringComparer.Ordinal);
        long persons = 0, results = 0;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var chunk in personIds.Chunk(ChunkSize))
        {
            var files = await PersonFiles.LoadManyAsync(connection, chunk, cancellationToken);
            var rows = new List<ComputedResult>[files.Count];
            Parallel.For(0, files.Count, i => rows[i] = ComputedResults.Compute(files[i], today, catalog, RegionDirectory.Shipped, now));
            var chunkCounties = files.Select(f => f.Person.HouseholdCounty).Distinct(StringComparer.Ordinal).ToArray();
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await using (var delete = new NpgsqlCommand("delete from computed_results where person_id = any($1)", connection, transaction))
                {
                    delete.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.Person.Id).ToArray() });
                    await delete.ExecuteNonQueryAsync(cancellationToken);
                }

                await DemoSeeder.CopyResultsAsync(connection, rows, cancellationToken);
                await using (var mark = new NpgsqlCommand("insert into dashboard_pending (county, since) select unnest($1::text[]), $2 on conflict (county) do nothing", connection, transaction))
                {
                    mark.Parameters.Add(new NpgsqlParameter { Value = chunkCounties });
                    mark.Parameters.Add(new NpgsqlParameter { Value = now });
                    await mark.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            counties.UnionWith(chunkCounties);
            persons += files.Count;
            results += rows.Sum(r => r.Count);
            progress?.Invoke(persons);
        }

        return new RefreshCounts(persons, results, counties, watch.Elapsed);
    }

    /// <summary>Recomputes the files, then rebuilds the dashboard figures of their counties.</summary>
    public static async Task<(RefreshCounts Files, RefreshOutcome Figures)> RefreshWithFiguresAsync(string connectionString, IEnumerable<long> personIds, DateOnly today, PolicyCatalog catalog,
        DateTimeOffset now, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var counts = await RefreshAsync(connectionString, personIds, today, catalog, now, progress, cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var figures = await DashboardSummaries.RefreshAsync(connection, counts.Counties, today, now, cancellationToken);
        return (counts, figures);
    }
}
