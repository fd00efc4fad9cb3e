using System.Data;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// Loads files: one round trip each (a batch of three statements, four with repairs on the context's connection), nothing tracked.
/// Hand-mapped rather than through EF's materializer: this is the hottest read of the product (docs/benchmarks.md).
/// </summary>
public static class PersonFiles
{
    private const string PersonColumns = "id, id_number, name, birth_date, sex, household_county, phone, notes, needs_review, created_at";
    private const string CoverageColumns = "id, year, scheme, paid_on, amount, \"group\", pooling_region, origin, created_at";
    private const string ClaimColumns = "year, fund_reimbursed, catastrophic_paid, updated_at";

    /// <summary>
    /// The file by internal key. Repair payments change no rule (a repaired year stays a break year), so they are read
    /// only for display (<paramref name="withRepairs"/>): the calculation's hot path stays at three statements.
    /// </summary>
    public static Task<PersonFile?> LoadAsync(MedicalInsuranceDbContext db, long personId, CancellationToken cancellationToken = default, bool withRepairs = false) =>
        LoadAsync(db, "$1", personId, withRepairs, cancellationToken);

    /// <summary>By ID number (18 characters, upper-case X): the caller has validated it.</summary>
    public static Task<PersonFile?> LoadByIdNumberAsync(MedicalInsuranceDbContext db, string idNumber, CancellationToken cancellationToken = default, bool withRepairs = false) =>
        LoadAsync(db, "(select id from persons where id_number = $1)", idNumber, withRepairs, cancellationToken);

    private static async Task<PersonFile?> LoadAsync(MedicalInsuranceDbContext db, string personKey, object key, bool withRepairs, CancellationToken cancellationToken)
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

            var person = new Person
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
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                person.Coverages.Add(new Coverage
                {
                    Id = reader.GetInt64(0),
                    PersonId = person.Id,
                    Year = reader.GetInt32(1),
                    Scheme = Enum.Parse<Scheme>(reader.GetString(2)),
                    PaidOn = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateOnly>(3),
                    Amount = reader.IsDBNull(4) ? null : reader.GetDecimal(4),
                    Group = Enum.Parse<EnrollmentGroup>(reader.GetString(5)),
                    PoolingRegion = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Origin = Enum.Parse<CoverageOrigin>(reader.GetString(7)),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(8),
                });
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                person.Claims.Add(new ClaimSummary
                {
                    PersonId = person.Id,
                    Year = reader.GetInt32(0),
                    FundReimbursed = reader.GetDecimal(1),
                    CatastrophicPaid = reader.GetDecimal(2),
                    UpdatedAt = reader.GetFieldValue<DateTimeOffset>(3),
                });
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

    private static NpgsqlBatchCommand Command(string sql, object key) => new(sql) { Parameters = { new NpgsqlParameter { Value = key } } };
}
