using System.Diagnostics;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using Npgsql;
using static MedicalInsurance.Infrastructure.Persistence.BinaryCopy;
using T = NpgsqlTypes.NpgsqlDbType;

namespace MedicalInsurance.Infrastructure.Demo;

/// <summary>
/// Writes a <see cref="DemoPopulation"/> with binary COPY — persons, coverage records, claims summaries and the computed
/// results the engine gives for them — streaming, four tables at once, then reads the counts back.
/// </summary>
public static class DemoSeeder
{
    /// <summary>Seeds an empty file with <paramref name="persons"/> residents as of today by <paramref name="time"/> (China's date), stamped with its time.</summary>
    public static async Task<SeedCounts> SeedAsync(NpgsqlDataSource dataSource, int persons, int seed, TimeProvider time, PolicyCatalog catalog, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(progress);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var check = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("select exists (select 1 from persons)", check))
        {
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                throw new InvalidOperationException("the database already holds persons: the demo seeds an empty file only");
            }
        }

        // In batches: a batch's persons are copied and committed first, so that its coverage records, claims and
        // computed results (copied side by side on three more connections) find them for their foreign keys.
        const int batchSize = 20_000;
        var population = new DemoPopulation(seed, today);
        var now = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        await using var personsConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var coveragesConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var claimsConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var resultsConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        for (var first = 1; first <= persons; first += batchSize)
        {
            var batch = new PersonFile[Math.Min(batchSize, persons - first + 1)];
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = population.Next(first + i);
            }

            var results = new List<ComputedResult>[batch.Length];
            Parallel.For(0, batch.Length, i => results[i] = ComputedResults.Compute(batch[i], today, catalog, RegionDirectory.Shipped, now));

            await CopyPersonsAsync(personsConnection, batch, now, cancellationToken);
            await Task.WhenAll(
                CopyCoveragesAsync(coveragesConnection, batch, now, cancellationToken),
                CopyClaimsAsync(claimsConnection, batch, now, cancellationToken),
                CopyResultsAsync(resultsConnection, results, cancellationToken));
            var done = first + batch.Length - 1;
            if (done % 100_000 < batchSize || done == persons)
            {
                progress($"seeded {done:N0} / {persons:N0} persons, {done / watch.Elapsed.TotalSeconds:N0} persons/s");
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var sequence = new NpgsqlCommand("select setval(pg_get_serial_sequence('persons', 'id'), greatest((select max(id) from persons), 1)); analyze persons; analyze coverages; analyze claim_summaries; analyze computed_results", connection))
        {
            await sequence.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CountAsync(connection, cancellationToken);
    }

    private static readonly CopyColumn<Person>[] PersonColumns =
    [
        Column<Person, long>("id", T.Bigint, p => p.Id),
        Column<Person, string>("id_number", T.Char, p => p.IdNumber),
        Column<Person, string>("name", T.Varchar, p => p.Name),
        Column<Person, DateOnly>("birth_date", T.Date, p => p.BirthDate),
        Column<Person, string>("sex", T.Varchar, p => p.Sex.ToString()),
        Column<Person, string>("household_county", T.Char, p => p.HouseholdCounty),
        NullableText<Person>("phone", T.Varchar, p => p.Phone),
        NullableText<Person>("notes", T.Varchar, p => p.Notes),
        Column<Person, bool>("needs_review", T.Boolean, p => p.NeedsReview),
        Column<Person, DateTimeOffset>("created_at", T.TimestampTz, p => p.CreatedAt),
    ];

    private static readonly CopyColumn<Coverage>[] CoverageColumns =
    [
        Column<Coverage, long>("person_id", T.Bigint, c => c.PersonId),
        Column<Coverage, int>("year", T.Integer, c => c.Year),
        Column<Coverage, string>("scheme", T.Varchar, c => c.Scheme.ToString()),
        Nullable<Coverage, DateOnly>("paid_on", T.Date, c => c.PaidOn),
        Nullable<Coverage, decimal>("amount", T.Numeric, c => c.Amount),
        Column<Coverage, string>("\"group\"", T.Varchar, c => c.Group.ToString()),
        NullableText<Coverage>("pooling_region", T.Char, c => c.PoolingRegion),
        Column<Coverage, string>("origin", T.Varchar, c => c.Origin.ToString()),
        Column<Coverage, DateTimeOffset>("created_at", T.TimestampTz, c => c.CreatedAt),
    ];

    private static readonly CopyColumn<ClaimSummary>[] ClaimColumns =
    [
        Column<ClaimSummary, long>("person_id", T.Bigint, c => c.PersonId),
        Column<ClaimSummary, int>("year", T.Integer, c => c.Year),
        Column<ClaimSummary, decimal>("fund_reimbursed", T.Numeric, c => c.FundReimbursed),
        Column<ClaimSummary, decimal>("catastrophic_paid", T.Numeric, c => c.CatastrophicPaid),
        Column<ClaimSummary, DateTimeOffset>("updated_at", T.TimestampTz, c => c.UpdatedAt),
    ];

    private static Task CopyPersonsAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken) =>
        BinaryCopy.WriteAsync(connection, "persons", PersonColumns, batch.Select(f => Stamped(f.Person, now)), cancellationToken);

    private static Task CopyCoveragesAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken) =>
        BinaryCopy.WriteAsync(connection, "coverages", CoverageColumns, batch.SelectMany(f => f.Coverages.Select(c => Stamped(c, f.Person.Id, now))), cancellationToken);

    private static Task CopyClaimsAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken) =>
        BinaryCopy.WriteAsync(connection, "claim_summaries", ClaimColumns, batch.SelectMany(f => f.Claims.Select(c => Stamped(c, f.Person.Id, now))), cancellationToken);

    private static Person Stamped(Person person, DateTimeOffset now)
    {
        person.CreatedAt = now;
        return person;
    }

    private static Coverage Stamped(Coverage coverage, long personId, DateTimeOffset now)
    {
        (coverage.PersonId, coverage.CreatedAt) = (personId, now);
        return coverage;
    }

    private static ClaimSummary Stamped(ClaimSummary claim, long personId, DateTimeOffset now)
    {
        (claim.PersonId, claim.UpdatedAt) = (personId, now);
        return claim;
    }

    private static Task CopyResultsAsync(NpgsqlConnection connection, IEnumerable<List<ComputedResult>> results, CancellationToken cancellationToken) =>
        ComputedResultRows.CopyAsync(connection, results.SelectMany(r => r), cancellationToken);

    public static async Task<SeedCounts> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var count = new NpgsqlCommand(
            "select (select count(*) from persons), (select count(*) from coverages), (select count(*) from claim_summaries), (select count(*) from computed_results)", connection);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SeedCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

}
