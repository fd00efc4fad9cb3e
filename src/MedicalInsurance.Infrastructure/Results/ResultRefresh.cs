using System.Diagnostics;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// Recomputes the stored results of many files after bulk changes (an import): files loaded in chunks of ids under their
/// persons' row locks, computed on all cores, their rows replaced (delete, then binary COPY) and their counties marked
/// pending — one transaction per chunk, so an interrupted run leaves every chunk either old or new and can simply be run again.
/// </summary>
public static class ResultRefresh
{
    public const int ChunkSize = 5_000;

    public static async Task<RefreshCounts> RefreshAsync(NpgsqlDataSource dataSource, IEnumerable<long> personIds, DateOnly today, PolicyCatalog catalog, DateTimeOffset now,
        Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        var watch = Stopwatch.StartNew();
        var counties = new HashSet<string>(StringComparer.Ordinal);
        long persons = 0, results = 0;
        // Read and written under the persons' row locks: a clerk changing one of these files meanwhile is either read
        // here or waits. The next chunk is locked and read while this one is computed and written.
        using var chunks = personIds.Chunk(ChunkSize).GetEnumerator();
        Task<LockedChunk>? next = chunks.MoveNext() ? LockedChunk.OfAsync(dataSource, chunks.Current, cancellationToken) : null;
        try
        {
            while (next is not null)
            {
                await using var locked = await next;
                next = chunks.MoveNext() ? LockedChunk.OfAsync(dataSource, chunks.Current, cancellationToken) : null;
                var files = locked.Files;
                var rows = new List<ComputedResult>[files.Count];
                Parallel.For(0, files.Count, i => rows[i] = ComputedResults.Compute(files[i], today, catalog, RegionDirectory.Shipped, now));
                await ComputedResultRows.ReplaceAsync(locked.Connection, locked.Transaction, files, null, rows.SelectMany(r => r), now, cancellationToken);
                await locked.Transaction.CommitAsync(cancellationToken);
                counties.UnionWith(files.Select(f => f.Person.HouseholdCounty));
                persons += files.Count;
                results += rows.Sum(r => r.Count);
                progress?.Invoke(persons);
            }
        }
        finally
        {
            await LockedChunk.ReleaseAsync(next);
        }

        return new RefreshCounts(persons, results, counties, watch.Elapsed);
    }

    /// <summary>Recomputes the files, then rebuilds the dashboard figures of their counties.</summary>
    public static async Task<(RefreshCounts Files, RefreshOutcome Figures)> RefreshWithFiguresAsync(NpgsqlDataSource dataSource, IEnumerable<long> personIds, DateOnly today, PolicyCatalog catalog,
        DateTimeOffset now, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var counts = await RefreshAsync(dataSource, personIds, today, catalog, now, progress, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var figures = await DashboardSummaries.RefreshAsync(connection, counts.Counties, today, now, cancellationToken);
        return (counts, figures);
    }
}
