using System.Data;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Registering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// Loads files: one round trip each (a batch of three statements, four with repairs on the context's connection), nothing tracked.
/// Hand-mapped rather than through EF's materializer: this is the hottest read of the product (docs/benchmarks.md).
/// </summary>
public static class PersonFiles
{
    private const string PersonColumns = "id, id_number, name, birth_date, sex, household_county, phone, notes, needs_review, created_at";
    private const string CoverageColumns = "id, year, scheme, paid_on, amount, \"group\", pooling_region, origin, created_at, repair_years, previous_coverage_ended_on, gap_back_paid, county, evidence";
    private const string ClaimColumns = "year, fund_reimbursed, catastrophic_paid, updated_at";

    /// <summary>
    /// The file by internal key. Repair payments change no rule (a repaired year stays a break year), so they are read
    /// only for display (<paramref name="withRepairs"/>): the calculation's hot path stays at three statements.
    /// </summary>
    public static Task<PersonFile?> LoadAsync(MedicalInsuranceDbContext db, long personId, CancellationToken cancellationToken = default, bool withRepairs = false) =>
        LoadAsync(db, "$1", () => new NpgsqlParameter<long> { TypedValue = personId }, withRepairs, cancellationToken);

    /// <summary>
    /// By ID number (18 characters, upper-case X): the caller has validated it. The number is sent as <c>bpchar</c>, the
    /// column's type: as <c>text</c> (Npgsql's default for a string) PostgreSQL would cast the column on every row and
    /// scan the whole table instead of probing its unique index (docs/benchmarks.md, look-up by ID number).
    /// </summary>
    public static Task<PersonFile?> LoadByIdNumberAsync(MedicalInsuranceDbContext db, string idNumber, CancellationToken cancellationToken = default, bool withRepairs = false) =>
        LoadAsync(db, "(select id from persons where id_number = $1)", () => new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Char, TypedValue = idNumber }, withRepairs, cancellationToken);

    private static async Task<PersonFile?> LoadAsync(MedicalInsuranceDbContext db, string personKey, Func<NpgsqlParameter> key, bool withRepairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var batch = new NpgsqlBatch(connection);
            if (db.Database.CurrentTransaction?.GetDbTransaction() is NpgsqlTransaction transaction)
            {
                batch.Transaction = transaction;
            }

            var personFilter = personKey == "$1" ? "id = $1" : "id_number = $1";
            batch.BatchCommands.Add(Command($"select {PersonColumns} from persons where {personFilter}", key));
            batch.BatchCommands.Add(Command($"select {CoverageColumns} from coverages where person_id = {personKey} order by year, scheme", key));
            batch.BatchCommands.Add(Command($"select {ClaimColumns} from claim_summaries where person_id = {personKey} order by year", key));
            if (withRepairs)
            {
                batch.BatchCommands.Add(Command($"select id, registration_id, for_coverage_year, years, amount, paid_on from repair_payments where person_id = {personKey} order by for_coverage_year", key));
            }
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var person = ReadPerson(reader);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                person.Coverages.Add(ReadCoverage(reader, 0, person.Id));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                person.Claims.Add(ReadClaim(reader, 0, person.Id));
            }

            var repairs = new List<RepairPayment>();
            if (withRepairs && await reader.NextResultAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    repairs.Add(new RepairPayment
                    {
                        Id = reader.GetInt64(0),
                        PersonId = person.Id,
                        RegistrationId = reader.GetInt64(1),
                        ForCoverageYear = reader.GetInt32(2),
                        Years = reader.GetInt32(3),
                        Amount = reader.GetDecimal(4),
                        PaidOn = reader.GetFieldValue<DateOnly>(5),
                    });
                }
            }

            return new PersonFile(person) { Repairs = repairs };
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>
    /// Many files at once, in id order, for bulk work (imports, the year-end run): one batch of three statements over the
    /// ids, read as three ordered streams and stitched together. Absent ids are skipped; repairs are not read.
    /// </summary>
    public static Task<List<PersonFile>> LoadManyAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken = default) =>
        StitchAsync(connection, ids,
            ($"select {PersonColumns} from persons where id = any($1)", ReadPerson),
            ($"select person_id, {CoverageColumns} from coverages where person_id = any($1) order by person_id, year, scheme", (reader, personId) => ReadCoverage(reader, 1, personId)),
            ($"select person_id, {ClaimColumns} from claim_summaries where person_id = any($1) order by person_id, year", (reader, personId) => ReadClaim(reader, 1, personId)),
            cancellationToken);

    /// <summary>
    /// Many files as the engine reads them, for sweeps that only compute (the impact preview of a parameter edit): the
    /// person's key, birth date, sex and household county, and of each record only the columns a calculation reads — no name,
    /// ID number, notes, amounts, evidence or times. Not for anything shown or written
    /// (docs/benchmarks.md, "Parameter impact preview").
    /// </summary>
    public static Task<List<PersonFile>> LoadManyForEngineAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken = default) =>
        StitchAsync(connection, ids,
            ("select id, birth_date, sex, household_county from persons where id = any($1)", reader => new Person
            {
                Id = reader.GetInt64(0),
                IdNumber = string.Empty,
                Name = string.Empty,
                BirthDate = reader.GetFieldValue<DateOnly>(1),
                Sex = reader.GetString(2) == nameof(Sex.Male) ? Sex.Male : Enum.Parse<Sex>(reader.GetString(2)),
                HouseholdCounty = reader.GetString(3),
            }),
            ("select person_id, year, scheme, paid_on, \"group\", pooling_region, repair_years, previous_coverage_ended_on, gap_back_paid, origin " +
             "from coverages where person_id = any($1) order by person_id, year, scheme", (reader, personId) => new Coverage
             {
                 PersonId = personId,
                 Year = reader.GetInt32(1),
                 Scheme = SchemeOf(reader.GetString(2)),
                 PaidOn = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3),
                 Group = GroupOf(reader.GetString(4)),
                 PoolingRegion = reader.IsDBNull(5) ? null : reader.GetString(5),
                 RepairYears = reader.GetInt32(6),
                 PreviousCoverageEndedOn = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateOnly>(7),
                 GapBackPaid = reader.GetBoolean(8),
                 Origin = OriginOf(reader.GetString(9)),
             }),
            ("select person_id, year, fund_reimbursed, catastrophic_paid from claim_summaries where person_id = any($1) order by person_id, year",
                (reader, personId) => new ClaimSummary { PersonId = personId, Year = reader.GetInt32(1), FundReimbursed = reader.GetDecimal(2), CatastrophicPaid = reader.GetDecimal(3) }),
            cancellationToken);

    /// <summary>
    /// One batch of three statements over the ids — persons, then their records and claims each ordered by person — read
    /// as three streams and stitched into files in id order. Absent ids are skipped. The record and claim readers are
    /// given the row (its first column the person's key) and that key.
    /// </summary>
    private static async Task<List<PersonFile>> StitchAsync(NpgsqlConnection connection, long[] ids,
        (string Sql, Func<NpgsqlDataReader, Person> Read) persons,
        (string Sql, Func<NpgsqlDataReader, long, Coverage> Read) coverages,
        (string Sql, Func<NpgsqlDataReader, long, ClaimSummary> Read) claims,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(ids);
        var byId = new Dictionary<long, Person>(ids.Length);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command(persons.Sql, ids));
        batch.BatchCommands.Add(Command(coverages.Sql, ids));
        batch.BatchCommands.Add(Command(claims.Sql, ids));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var person = persons.Read(reader);
            byId[person.Id] = person;
        }

        await reader.NextResultAsync(cancellationToken);
        Person? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var personId = reader.GetInt64(0);
            current = current?.Id == personId ? current : byId[personId];
            current.Coverages.Add(coverages.Read(reader, personId));
        }

        await reader.NextResultAsync(cancellationToken);
        current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var personId = reader.GetInt64(0);
            current = current?.Id == personId ? current : byId[personId];
            current.Claims.Add(claims.Read(reader, personId));
        }

        var files = new List<PersonFile>(byId.Count);
        foreach (var id in ids.Order())
        {
            if (byId.TryGetValue(id, out var person))
            {
                files.Add(new PersonFile(person));
            }
        }

        return files;
    }

    // The stored names of the enumerations a file's records hold, without Enum.Parse's cost on millions of rows.
    private static Scheme SchemeOf(string stored) => stored switch
    {
        nameof(Scheme.Resident) => Scheme.Resident,
        nameof(Scheme.Employee) => Scheme.Employee,
        _ => Enum.Parse<Scheme>(stored),
    };

    private static CoverageOrigin OriginOf(string stored) => stored switch
    {
        nameof(CoverageOrigin.Import) => CoverageOrigin.Import,
        nameof(CoverageOrigin.Registration) => CoverageOrigin.Registration,
        _ => Enum.Parse<CoverageOrigin>(stored),
    };

    private static EnrollmentGroup GroupOf(string stored) => stored switch
    {
        nameof(EnrollmentGroup.Ordinary) => EnrollmentGroup.Ordinary,
        _ => Enum.Parse<EnrollmentGroup>(stored),
    };

    private static Person ReadPerson(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        IdNumber = reader.GetString(1),
        Name = reader.GetString(2),
        BirthDate = reader.GetFieldValue<DateOnly>(3),
        Sex = Enum.Parse<Sex>(reader.GetString(4)),
        HouseholdCounty = reader.GetString(5),
        Phone = reader.IsDBNull(6) ? null : reader.GetString(6),
        Notes = reader.IsDBNull(7) ? null : reader.GetString(7),
        NeedsReview = reader.GetBoolean(8),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(9),
    };

    private static Coverage ReadCoverage(NpgsqlDataReader reader, int o, long personId) => new()
    {
        Id = reader.GetInt64(o),
        PersonId = personId,
        Year = reader.GetInt32(o + 1),
        Scheme = Enum.Parse<Scheme>(reader.GetString(o + 2)),
        PaidOn = reader.IsDBNull(o + 3) ? null : reader.GetFieldValue<DateOnly>(o + 3),
        Amount = reader.IsDBNull(o + 4) ? null : reader.GetDecimal(o + 4),
        Group = Enum.Parse<EnrollmentGroup>(reader.GetString(o + 5)),
        PoolingRegion = reader.IsDBNull(o + 6) ? null : reader.GetString(o + 6),
        Origin = Enum.Parse<CoverageOrigin>(reader.GetString(o + 7)),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(o + 8),
        RepairYears = reader.GetInt32(o + 9),
        PreviousCoverageEndedOn = reader.IsDBNull(o + 10) ? null : reader.GetFieldValue<DateOnly>(o + 10),
        GapBackPaid = reader.GetBoolean(o + 11),
        County = reader.IsDBNull(o + 12) ? null : reader.GetString(o + 12),
        Evidence = reader.IsDBNull(o + 13) ? null : reader.GetString(o + 13),
    };

    private static ClaimSummary ReadClaim(NpgsqlDataReader reader, int o, long personId) => new()
    {
        PersonId = personId,
        Year = reader.GetInt32(o),
        FundReimbursed = reader.GetDecimal(o + 1),
        CatastrophicPaid = reader.GetDecimal(o + 2),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(o + 3),
    };

    private static NpgsqlBatchCommand Command(string sql, Func<NpgsqlParameter> key) => new(sql) { Parameters = { key() } };

    private static NpgsqlBatchCommand Command(string sql, long[] ids) => new(sql) { Parameters = { new NpgsqlParameter<long[]> { TypedValue = ids } } };
}
