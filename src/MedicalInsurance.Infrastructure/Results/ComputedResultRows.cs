using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using static MedicalInsurance.Infrastructure.Persistence.BinaryCopy;
using T = NpgsqlTypes.NpgsqlDbType;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// The one writer of <c>computed_results</c>, with its only column list: a registration, a void, cover recorded
/// elsewhere, an import's refresh, the year-end run, a recomputation and the demo seeder all replace rows through it.
/// </summary>
public static class ComputedResultRows
{
    private static readonly CopyColumn<ComputedResult>[] Columns =
    [
        Column<ComputedResult, long>("person_id", T.Bigint, r => r.PersonId),
        Column<ComputedResult, int>("year", T.Integer, r => r.Year),
        Column<ComputedResult, string>("household_county", T.Char, r => r.HouseholdCounty),
        Column<ComputedResult, bool>("insured", T.Boolean, r => r.Insured),
        Column<ComputedResult, bool>("resident_insured", T.Boolean, r => r.ResidentInsured),
        Column<ComputedResult, int>("break_years", T.Integer, r => r.BreakYears),
        Nullable<ComputedResult, decimal>("cap_original", T.Numeric, r => r.CapOriginal),
        Nullable<ComputedResult, decimal>("cap_increase", T.Numeric, r => r.CapIncrease),
        Nullable<ComputedResult, decimal>("cap_decrease", T.Numeric, r => r.CapDecrease),
        Nullable<ComputedResult, decimal>("cap_effective", T.Numeric, r => r.CapEffective),
        Column<ComputedResult, int>("continuous_steps", T.Integer, r => r.ContinuousSteps),
        Column<ComputedResult, int>("zero_claim_steps", T.Integer, r => r.ZeroClaimSteps),
        NullableText<ComputedResult>("waiting_reason", T.Varchar, r => r.WaitingReason),
        Column<ComputedResult, int>("waiting_months", T.Integer, r => r.WaitingMonths),
        Nullable<ComputedResult, DateOnly>("waiting_first_day", T.Date, r => r.WaitingFirstDay),
        Nullable<ComputedResult, DateOnly>("waiting_last_day", T.Date, r => r.WaitingLastDay),
        Nullable<ComputedResult, DateOnly>("benefits_from", T.Date, r => r.BenefitsFrom),
        Nullable<ComputedResult, DateOnly>("paid_on", T.Date, r => r.PaidOn),
        Column<ComputedResult, DateTimeOffset>("computed_at", T.TimestampTz, r => r.ComputedAt),
        Column<ComputedResult, bool>("paid_late", T.Boolean, r => r.PaidLate),
        Column<ComputedResult, int>("consecutive_resident_years", T.Integer, r => r.ConsecutiveResidentYears),
        Column<ComputedResult, bool>("at_increase_ceiling", T.Boolean, r => r.AtIncreaseCeiling),
        Nullable<ComputedResult, int>("if_late_waiting_months", T.Integer, r => r.IfLateWaitingMonths),
        Nullable<ComputedResult, DateOnly>("if_late_benefits_from", T.Date, r => r.IfLateBenefitsFrom),
        Nullable<ComputedResult, decimal>("if_skip_decrease", T.Numeric, r => r.IfSkipDecrease),
        Nullable<ComputedResult, int>("if_skip_waiting_months", T.Integer, r => r.IfSkipWaitingMonths),
        Nullable<ComputedResult, DateOnly>("if_skip_benefits_from", T.Date, r => r.IfSkipBenefitsFrom),
    ];

    /// <summary>Appends rows (the seeder, into an empty table).</summary>
    public static Task<ulong> CopyAsync(NpgsqlConnection connection, IEnumerable<ComputedResult> rows, CancellationToken cancellationToken) =>
        WriteAsync(connection, "computed_results", Columns, rows, cancellationToken);

    /// <summary>
    /// Replaces the stored results of these files — every year, or <paramref name="year"/> alone — with
    /// <paramref name="rows"/> and marks their counties' dashboard figures pending, in the caller's transaction.
    /// </summary>
    public static async Task ReplaceAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<PersonFile> files, int? year,
        IEnumerable<ComputedResult> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        await using (var delete = new NpgsqlCommand("delete from computed_results where person_id = any($1) and ($2::int is null or year = $2)", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = files.Select(f => f.Person.Id).ToArray() });
            delete.Parameters.Add(new NpgsqlParameter { Value = (object?)year ?? DBNull.Value, NpgsqlDbType = T.Integer });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyAsync(connection, rows, cancellationToken);
        await DashboardSummaries.MarkPendingAsync(connection, transaction, files.Select(f => f.Person.HouseholdCounty), now, cancellationToken);
        await DashboardSummaries.MarkLivingPendingAsync(connection, transaction, files.Select(f => f.Person.Id), now, cancellationToken);
    }

    /// <summary>
    /// The same, on a context's connection and in its transaction (the writes of one file: registration, void, …); what
    /// the context tracks (the audit entry of the write) is saved first, in the same transaction.
    /// </summary>
    public static async Task ReplaceAsync(MedicalInsuranceDbContext db, IReadOnlyCollection<PersonFile> files, IEnumerable<ComputedResult> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        await ReplaceAsync((NpgsqlConnection)db.Database.GetDbConnection(), transaction, files, null, rows, now, cancellationToken);
    }
}
