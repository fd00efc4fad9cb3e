using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// The baseline an import is measured against (issue 16): a binary COPY (<c>BeginBinaryImport</c>) of the rows an import
/// made — the persons it created, the coverage records it wrote, already resolved to person ids — into tables made like
/// <c>persons</c> and <c>coverages</c> with all their indexes, checks and identity, plus the same foreign keys (LIKE copies
/// none). The rows are read into memory first, so the timed part is the COPY alone.
/// </summary>
internal static class ResultingRowsCopy
{
    /// <summary>The columns of <c>persons</c> a payment import writes.</summary>
    internal readonly record struct Person(long Id, string IdNumber, string Name, DateOnly BirthDate, string Sex, string HouseholdCounty, bool NeedsReview, DateTime CreatedAt);

    /// <summary>The columns of <c>coverages</c> a payment import writes (the identity and the defaults are the table's).</summary>
    internal readonly record struct Coverage(long PersonId, int Year, string Scheme, DateOnly? PaidOn, decimal? Amount, string Group, string? PoolingRegion, string? County, string Origin, DateTime CreatedAt);

    public static async Task CreateTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            """
            drop table if exists bench_coverages, bench_persons;
            create table bench_persons (like persons including all);
            alter table bench_persons add foreign key (household_county) references regions (code) on delete restrict;
            create table bench_coverages (like coverages including all);
            alter table bench_coverages add foreign key (person_id) references bench_persons (id) on delete restrict,
                                        add foreign key (county) references regions (code) on delete restrict;
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DropTablesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("drop table if exists bench_coverages, bench_persons", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> MaxIdAsync(NpgsqlConnection connection, string table)
    {
        await using var command = new NpgsqlCommand($"select coalesce(max(id), 0) from {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<Person>> ReadPersonsAsync(NpgsqlConnection connection, long afterId)
    {
        var persons = new List<Person>();
        await using var command = new NpgsqlCommand("select id, id_number, name, birth_date, sex, household_county, needs_review, created_at from persons where id > $1 order by id", connection)
        {
            Parameters = { new() { Value = afterId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            persons.Add(new Person(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateOnly>(3), string.Intern(reader.GetString(4)),
                string.Intern(reader.GetString(5)), reader.GetBoolean(6), reader.GetDateTime(7)));
        }

        return persons;
    }

    public static async Task<List<Coverage>> ReadCoveragesAsync(NpgsqlConnection connection, long afterId)
    {
        var coverages = new List<Coverage>();
        await using var command = new NpgsqlCommand("select person_id, year, scheme, paid_on, amount, \"group\", pooling_region, county, origin, created_at from coverages where id > $1 order by id", connection)
        {
            Parameters = { new() { Value = afterId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            coverages.Add(new Coverage(reader.GetInt64(0), reader.GetInt32(1), string.Intern(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3), reader.IsDBNull(4) ? null : reader.GetDecimal(4), string.Intern(reader.GetString(5)),
                reader.IsDBNull(6) ? null : string.Intern(reader.GetString(6)), reader.IsDBNull(7) ? null : string.Intern(reader.GetString(7)),
                string.Intern(reader.GetString(8)), reader.GetDateTime(9)));
        }

        return coverages;
    }

    /// <summary>COPYs the persons with their ids (the coverage records refer to them); returns the time taken.</summary>
    public static async Task<TimeSpan> CopyPersonsAsync(NpgsqlConnection connection, IReadOnlyList<Person> persons)
    {
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy bench_persons (id, id_number, name, birth_date, sex, household_county, needs_review, created_at) from stdin (format binary)"))
        {
            foreach (var p in persons)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(p.Id, NpgsqlDbType.Bigint);
                await writer.WriteAsync(p.IdNumber, NpgsqlDbType.Char);
                await writer.WriteAsync(p.Name, NpgsqlDbType.Varchar);
                await writer.WriteAsync(p.BirthDate, NpgsqlDbType.Date);
                await writer.WriteAsync(p.Sex, NpgsqlDbType.Varchar);
                await writer.WriteAsync(p.HouseholdCounty, NpgsqlDbType.Char);
                await writer.WriteAsync(p.NeedsReview, NpgsqlDbType.Boolean);
                await writer.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        return watch.Elapsed;
    }

    /// <summary>COPYs the coverage records (their ids from the table's identity, as the import's); returns the time taken.</summary>
    public static async Task<TimeSpan> CopyCoveragesAsync(NpgsqlConnection connection, IReadOnlyList<Coverage> coverages)
    {
        var watch = Stopwatch.StartNew();
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy bench_coverages (person_id, year, scheme, paid_on, amount, \"group\", pooling_region, county, origin, created_at) from stdin (format binary)"))
        {
            foreach (var c in coverages)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(c.PersonId, NpgsqlDbType.Bigint);
                await writer.WriteAsync(c.Year, NpgsqlDbType.Integer);
                await writer.WriteAsync(c.Scheme, NpgsqlDbType.Varchar);
                await WriteNullableAsync(writer, c.PaidOn, NpgsqlDbType.Date);
                await WriteNullableAsync(writer, c.Amount, NpgsqlDbType.Numeric);
                await writer.WriteAsync(c.Group, NpgsqlDbType.Varchar);
                await WriteTextAsync(writer, c.PoolingRegion, NpgsqlDbType.Char);
                await WriteTextAsync(writer, c.County, NpgsqlDbType.Char);
                await writer.WriteAsync(c.Origin, NpgsqlDbType.Varchar);
                await writer.WriteAsync(c.CreatedAt, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        return watch.Elapsed;
    }

    public static async Task CheckpointAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("checkpoint", connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct =>
        value is { } v ? writer.WriteAsync(v, type) : writer.WriteNullAsync();

    private static Task WriteTextAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type) =>
        value is { } v ? writer.WriteAsync(v, type) : writer.WriteNullAsync();
}
