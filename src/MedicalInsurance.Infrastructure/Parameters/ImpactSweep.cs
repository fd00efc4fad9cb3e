using System.Diagnostics;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// Computes a <see cref="ParameterImpact"/>: reads every file an edit can reach in chunks of ids, as the recompute sweep
/// does (the next chunk is read on a second connection while this one is computed on all cores), and computes each
/// with both catalogs the way the stored results are computed. Reads only, and takes no locks: a file changed meanwhile
/// is previewed as it was read.
/// </summary>
internal static class ImpactSweep
{
    public const int ChunkSize = 5_000;

    /// <summary>
    /// The files an edit of (<paramref name="province"/>, <paramref name="poolingRegion"/>) can reach, and of them those
    /// that can change. The engine reads a file's policy from its household's province and, within it, the pooling region
    /// of each coverage record (its household's city when the record names none). So a pooling region's edit reaches the
    /// households of its counties and records made in it from <paramref name="fromYear"/> on (earlier records read the
    /// region's parameters of their own years, which the edit leaves); a province's, its households; the shared rows
    /// ("*"), every file. A file can change only where it has a resident record in a year the preview compares
    /// (<paramref name="fromYear"/> to <paramref name="lastYear"/>): the engine answers a cap and a waiting period for a
    /// year only from that year's resident record (<c>EnrollmentCalculator</c>), so a file without one answers none,
    /// whatever the parameters. Those are counted, not loaded.
    /// The households are read on the first connection while the second reads the records made in the pooling region; the
    /// few persons found only there (records pooled where they have no household) are then tested on the first.
    /// </summary>
    public static async Task<(long Reached, long[] Changeable)> AffectedAsync(NpgsqlConnection[] connections, string province, string? poolingRegion, int fromYear, int lastYear,
        RegionDirectory regions, CancellationToken cancellationToken)
    {
        const string Resident = "exists (select 1 from coverages c where c.person_id = p.id and c.year between $1 and $2 and c.scheme = 'Resident')";
        var years = new object[] { fromYear, lastYear };
        if (province == ParameterRow.Shared)
        {
            return await ReachAsync(connections[0], $"select p.id, {Resident} from persons p", years, cancellationToken);
        }

        var counties = regions.All
            .Where(r => regions.IsCountyLevel(r.Code) && (poolingRegion is null ? regions.PolicyOf(r.Code) == province : regions.CityOf(r.Code) == poolingRegion))
            .Select(r => r.Code).ToArray();
        // Sent as character(6)[], the column's type: as text[] the index on the household county would not be used.
        NpgsqlParameter CountyList() => new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Char, Value = counties };
        var households = ReachAsync(connections[0], $"select p.id, {Resident} from persons p where p.household_county = any($3)", [.. years, CountyList()], cancellationToken);
        if (poolingRegion is null)
        {
            return await households;
        }

        var pooledHere = await IdsAsync(connections[1], "select distinct person_id from coverages where pooling_region = $1 and year >= $2",
            [CharParameter.Of(poolingRegion), fromYear], cancellationToken);
        var (reached, changeable) = await households;
        // Almost every file with a record pooled here is a household's file that can change, already listed. The rest are
        // asked once more, and only those whose household lies outside the counties are reached through their records alone.
        var listed = changeable.ToHashSet();
        var candidates = pooledHere.Where(id => !listed.Contains(id)).ToArray();
        if (candidates.Length == 0)
        {
            return (reached, changeable);
        }

        var (elsewhere, elsewhereChangeable) = await ReachAsync(connections[0],
            $"select p.id, {Resident} from persons p where p.id = any($4) and not p.household_county = any($3)",
            [.. years, CountyList(), new NpgsqlParameter<long[]> { TypedValue = candidates }], cancellationToken);
        return (reached + elsewhere, Merge(changeable, elsewhereChangeable));
    }

    /// <summary>Reads (id, can change) rows: how many, and the ids that can change in key order.</summary>
    private static async Task<(long Reached, long[] Changeable)> ReachAsync(NpgsqlConnection connection, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        var reached = 0L;
        var changeable = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reached++;
            if (reader.GetBoolean(1))
            {
                changeable.Add(reader.GetInt64(0));
            }
        }

        // In key order, so that a chunk's files lie near each other in the indexes; sorted here rather than by the server.
        changeable.Sort();
        return (reached, [.. changeable]);
    }

    private static async Task<List<long>> IdsAsync(NpgsqlConnection connection, string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, parameters);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter<int> { TypedValue = (int)parameter });
        }

        return command;
    }

    private static long[] Merge(long[] first, long[] second)
    {
        var merged = new long[first.Length + second.Length];
        first.CopyTo(merged, 0);
        second.CopyTo(merged, first.Length);
        Array.Sort(merged);
        return merged;
    }

    /// <summary>
    /// The impact of changing the catalog from <paramref name="before"/> to <paramref name="after"/> on the files an edit of
    /// (<paramref name="province"/>, <paramref name="poolingRegion"/>) can reach, for the coverage years from
    /// <paramref name="fromYear"/> on (all when null): the caller passes the first year whose parameters differ.
    /// </summary>
    public static async Task<ParameterImpact> ComputeAsync(IDbContextFactory<MedicalInsuranceDbContext> factory, string province, string? poolingRegion,
        PolicyCatalog before, PolicyCatalog after, int? fromYear, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var regions = RegionDirectory.Shipped;
        await using var first = await factory.CreateDbContextAsync(cancellationToken);
        await using var second = await factory.CreateDbContextAsync(cancellationToken);
        var connections = new[] { await OpenAsync(first, cancellationToken), await OpenAsync(second, cancellationToken) };
        // The years ComputedResults.Compute answers: from the mechanism's start (or fromYear) to next year.
        var lastYear = Math.Min(today.Year + 1, RegionPolicy.MaxYear);
        var (reached, ids) = await AffectedAsync(connections, province, poolingRegion, fromYear ?? RegionPolicy.MinYear, lastYear, regions, cancellationToken);

        var totals = new Totals();
        var chunks = ids.Chunk(ChunkSize).ToList();
        var next = chunks.Count > 0 ? PersonFiles.LoadManyForEngineAsync(connections[0], chunks[0], cancellationToken) : null;
        for (var i = 0; i < chunks.Count; i++)
        {
            var files = await next!;
            next = i + 1 < chunks.Count ? PersonFiles.LoadManyForEngineAsync(connections[(i + 1) % 2], chunks[i + 1], cancellationToken) : null;
            var changes = new FileChange?[files.Count];
            Parallel.For(0, files.Count, new ParallelOptions { CancellationToken = cancellationToken }, f => changes[f] = Compare(files[f], before, after, fromYear, today, now, regions));
            foreach (var change in changes)
            {
                totals.Add(change);
            }
        }

        var examples = await IdentifyAsync(connections[0], totals.Examples, cancellationToken);
        return new ParameterImpact(
            province == ParameterRow.Shared ? ParameterRow.Shared : poolingRegion ?? province, today, reached,
            totals.CapChanged, totals.WaitingChanged, totals.CapChange,
            totals.Rows.OrderBy(r => r.Key.Region, StringComparer.Ordinal).ThenBy(r => r.Key.Year)
                .Select(r => new ImpactRow(r.Key.Region, r.Key.Year, r.Value.CapChanged, r.Value.CapChange, r.Value.WaitingChanged)).ToList(),
            examples, watch.Elapsed);
    }

    /// <summary>The examples' masked names and ID numbers: the sweep reads files without them.</summary>
    private static async Task<List<ImpactExample>> IdentifyAsync(NpgsqlConnection connection, List<ImpactExample> examples, CancellationToken cancellationToken)
    {
        var identities = new Dictionary<long, (string Name, string IdNumber)>();
        await using (var command = new NpgsqlCommand("select id, name, id_number from persons where id = any($1)", connection))
        {
            command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. examples.Select(e => e.PersonId)] });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                identities[reader.GetInt64(0)] = (reader.GetString(1), reader.GetString(2));
            }
        }

        // A file deleted since it was read keeps the example, unnamed.
        return [.. examples.Select(e => identities.TryGetValue(e.PersonId, out var identity)
            ? e with { MaskedName = Dashboards.PersonalData.MaskName(identity.Name), MaskedIdNumber = IdNumber.Parse(identity.IdNumber).Masked }
            : e)];
    }

    /// <summary>
    /// A connection in a read-only transaction (released with the context) whose planner knows the files are read by key
    /// from memory: with the default random_page_cost a chunk's claims statement (5,000 keys) is planned as a scan of
    /// every claims summary, and JIT compiling each chunk's coverage statement costs more than it saves. The work memory
    /// lets the reach test "has a resident record in those years" against one hash of them instead of a probe per file.
    /// </summary>
    private static async Task<NpgsqlConnection> OpenAsync(MedicalInsuranceDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var settings = new NpgsqlCommand("set transaction read only; set local random_page_cost = 1.1; set local jit = off; set local work_mem = '64MB'", connection);
        await settings.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>One file's changes by year, or null when nothing changes.</summary>
    private static FileChange? Compare(PersonFile file, PolicyCatalog before, PolicyCatalog after, int? fromYear, DateOnly today, DateTimeOffset now, RegionDirectory regions)
    {
        var old = ComputedResults.Compute(file, today, before, regions, now, consequences: false, fromYear: fromYear);
        var @new = ComputedResults.Compute(file, today, after, regions, now, consequences: false, fromYear: fromYear);
        List<YearChange>? years = null;
        foreach (var year in old.Select(r => r.Year).Union(@new.Select(r => r.Year)))
        {
            var o = old.Find(r => r.Year == year);
            var n = @new.Find(r => r.Year == year);
            var cap = o?.CapEffective != n?.CapEffective;
            var waiting = (o?.WaitingReason, o?.WaitingMonths, o?.BenefitsFrom) != (n?.WaitingReason, n?.WaitingMonths, n?.BenefitsFrom);
            if (cap || waiting)
            {
                (years ??= []).Add(new YearChange(year, cap, (n?.CapEffective ?? 0m) - (o?.CapEffective ?? 0m), waiting, o, n));
            }
        }

        return years is null ? null : new FileChange(file, regions.CityOf(file.Person.HouseholdCounty) ?? file.Person.HouseholdCounty, years);
    }

    private sealed record FileChange(PersonFile File, string Region, List<YearChange> Years);

    private sealed record YearChange(int Year, bool Cap, decimal CapChange, bool Waiting, ComputedResult? Before, ComputedResult? After);

    private sealed class Totals
    {
        public long CapChanged { get; private set; }

        public long WaitingChanged { get; private set; }

        public decimal CapChange { get; private set; }

        public Dictionary<(string Region, int Year), (long CapChanged, decimal CapChange, long WaitingChanged)> Rows { get; } = [];

        public List<ImpactExample> Examples { get; } = [];

        public void Add(FileChange? change)
        {
            if (change is null)
            {
                return;
            }

            CapChanged += change.Years.Any(y => y.Cap) ? 1 : 0;
            WaitingChanged += change.Years.Any(y => y.Waiting) ? 1 : 0;
            foreach (var year in change.Years)
            {
                CapChange += year.CapChange;
                var key = (change.Region, year.Year);
                var row = Rows.GetValueOrDefault(key);
                Rows[key] = (row.CapChanged + (year.Cap ? 1 : 0), row.CapChange + year.CapChange, row.WaitingChanged + (year.Waiting ? 1 : 0));
            }

            if (Examples.Count < ParameterImpact.ExampleCount)
            {
                var person = change.File.Person;
                var shown = change.Years.OrderByDescending(y => Math.Abs(y.CapChange)).ThenByDescending(y => y.Waiting).ThenByDescending(y => y.Year).First();
                Examples.Add(new ImpactExample(
                    person.Id, string.Empty, string.Empty, person.HouseholdCounty, shown.Year,
                    shown.Before?.CapEffective, shown.After?.CapEffective,
                    shown.Before?.WaitingReason is null ? null : shown.Before.WaitingMonths, shown.After?.WaitingReason is null ? null : shown.After.WaitingMonths,
                    shown.Before?.BenefitsFrom, shown.After?.BenefitsFrom));
            }
        }
    }
}
