using System.Diagnostics;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Demo;

public sealed record SeedCounts(long Persons, long Coverages, long Claims, long ComputedResults);

/// <summary>
/// Writes a <see cref="DemoPopulation"/> with binary COPY — persons, coverage records, claims summaries and the computed
/// results the engine gives for them — streaming, four tables at once, then reads the counts back.
/// </summary>
public static class DemoSeeder
{
    public static async Task<SeedCounts> SeedAsync(string connectionString, int persons, int seed, DateOnly today, PolicyCatalog catalog, Action<string> progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync(cancellationToken);
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
        var now = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        await using var personsConnection = await Open(connectionString, cancellationToken);
        await using var coveragesConnection = await Open(connectionString, cancellationToken);
        await using var claimsConnection = await Open(connectionString, cancellationToken);
        await using var resultsConnection = await Open(connectionString, cancellationToken);
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

        await using var connection = await Open(connectionString, cancellationToken);
        await using (var sequence = new NpgsqlCommand("select setval(pg_get_serial_sequence('persons', 'id'), greatest((select max(id) from persons), 1)); analyze persons; analyze coverages; analyze claim_summaries; analyze computed_results", connection))
        {
            await sequence.ExecuteNonQueryAsync(cancellationToken);
        }

        return await CountAsync(connection, cancellationToken);
    }

    private static async Task CopyPersonsAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy persons (id, id_number, name, birth_date, sex, household_county, phone, notes, needs_review, created_at) from stdin (format binary)", cancellationToken);
        foreach (var file in batch)
        {
            var p = file.Person;
            await writer.StartRowAsync(cancellationToken);
            await writer.WriteAsync(p.Id, NpgsqlDbType.Bigint, cancellationToken);
            await writer.WriteAsync(p.IdNumber, NpgsqlDbType.Char, cancellationToken);
            await writer.WriteAsync(p.Name, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.BirthDate, NpgsqlDbType.Date, cancellationToken);
            await writer.WriteAsync(p.Sex.ToString(), NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.HouseholdCounty, NpgsqlDbType.Char, cancellationToken);
            await WriteNullable(writer, p.Phone, NpgsqlDbType.Varchar, cancellationToken);
            await WriteNullable(writer, p.Notes, NpgsqlDbType.Varchar, cancellationToken);
            await writer.WriteAsync(p.NeedsReview, NpgsqlDbType.Boolean, cancellationToken);
            await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyCoveragesAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy coverages (person_id, year, scheme, paid_on, amount, \"group\", pooling_region, origin, created_at) from stdin (format binary)", cancellationToken);
        foreach (var file in batch)
        {
            foreach (var c in file.Coverages)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(file.Person.Id, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(c.Year, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(c.Scheme.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullable(writer, c.PaidOn, NpgsqlDbType.Date, cancellationToken);
                await WriteNullable(writer, c.Amount, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(c.Group.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await WriteNullable(writer, c.PoolingRegion, NpgsqlDbType.Char, cancellationToken);
                await writer.WriteAsync(c.Origin.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    private static async Task CopyClaimsAsync(NpgsqlConnection connection, PersonFile[] batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy claim_summaries (person_id, year, fund_reimbursed, catastrophic_paid, updated_at) from stdin (format binary)", cancellationToken);
        foreach (var file in batch)
        {
            foreach (var c in file.Claims)
            {
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(file.Person.Id, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(c.Year, NpgsqlDbType.Integer, cancellationToken);
                await writer.WriteAsync(c.FundReimbursed, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(c.CatastrophicPaid, NpgsqlDbType.Numeric, cancellationToken);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    internal static async Task CopyResultsAsync(NpgsqlConnection connection, IEnumerable<List<ComputedResult>> results, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "copy computed_results (person_id, year, household_county, insured, resident_insured, break_years, cap_original, cap_increase, cap_decrease, cap_effective, " +
            "continuous_steps, zero_claim_steps, waiting_reason, waiting_months, waiting_first_day, waiting_last_day, benefits_from, paid_on, computed_at, " +
            "paid_late, consecutive_resident_years, at_increase_ceiling, if_late_waiting_months, if_late_benefits_from, if_skip_decrease, if_skip_waiting_months, if_skip_benefits_from) from stdin (format binary)", cancellationToken);
        foreach (var rows in results)
        {
            foreach (var r in rows)
            {
                await WriteResult(writer, r, cancellationToken);
            }
        }

        await writer.CompleteAsync(cancellationToken);
    }

    public static async Task<SeedCounts> CountAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var count = new NpgsqlCommand(
            "select (select count(*) from persons), (select count(*) from coverages), (select count(*) from claim_summaries), (select count(*) from computed_results)", connection);
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new SeedCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static async Task WriteResult(NpgsqlBinaryImporter w, ComputedResult r, CancellationToken ct)
    {
        await w.StartRowAsync(ct);
        await w.WriteAsync(r.PersonId, NpgsqlDbType.Bigint, ct);
        await w.WriteAsync(r.Year, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.HouseholdCounty, NpgsqlDbType.Char, ct);
        await w.WriteAsync(r.Insured, NpgsqlDbType.Boolean, ct);
        await w.WriteAsync(r.ResidentInsured, NpgsqlDbType.Boolean, ct);
        await w.WriteAsync(r.BreakYears, NpgsqlDbType.Integer, ct);
        await WriteNullable(w, r.CapOriginal, NpgsqlDbType.Numeric, ct);
        await WriteNullable(w, r.CapIncrease, NpgsqlDbType.Numeric, ct);
        await WriteNullable(w, r.CapDecrease, NpgsqlDbType.Numeric, ct);
        await WriteNullable(w, r.CapEffective, NpgsqlDbType.Numeric, ct);
        await w.WriteAsync(r.ContinuousSteps, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.ZeroClaimSteps, NpgsqlDbType.Integer, ct);
        await WriteNullable(w, r.WaitingReason, NpgsqlDbType.Varchar, ct);
        await w.WriteAsync(r.WaitingMonths, NpgsqlDbType.Integer, ct);
        await WriteNullable(w, r.WaitingFirstDay, NpgsqlDbType.Date, ct);
        await WriteNullable(w, r.WaitingLastDay, NpgsqlDbType.Date, ct);
        await WriteNullable(w, r.BenefitsFrom, NpgsqlDbType.Date, ct);
        await WriteNullable(w, r.PaidOn, NpgsqlDbType.Date, ct);
        await w.WriteAsync(r.ComputedAt, NpgsqlDbType.TimestampTz, ct);
        await w.WriteAsync(r.PaidLate, NpgsqlDbType.Boolean, ct);
        await w.WriteAsync(r.ConsecutiveResidentYears, NpgsqlDbType.Integer, ct);
        await w.WriteAsync(r.AtIncreaseCeiling, NpgsqlDbType.Boolean, ct);
        await WriteNullable(w, r.IfLateWaitingMonths, NpgsqlDbType.Integer, ct);
        await WriteNullable(w, r.IfLateBenefitsFrom, NpgsqlDbType.Date, ct);
        await WriteNullable(w, r.IfSkipDecrease, NpgsqlDbType.Numeric, ct);
        await WriteNullable(w, r.IfSkipWaitingMonths, NpgsqlDbType.Integer, ct);
        await WriteNullable(w, r.IfSkipBenefitsFrom, NpgsqlDbType.Date, ct);
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : class
    {
        if (value is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync(value, type, ct);
        }
    }

    private static async Task WriteNullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, type, ct);
        }
        else
        {
            await writer.WriteNullAsync(ct);
        }
    }

    private static async Task<NpgsqlConnection> Open(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }
}
