using System.Data;
using System.Diagnostics;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Keeps <c>dashboard_figures</c> current: rebuilds a county's figures, set-based, from <c>computed_results</c> alone (never
/// from the coverage rows), in one transaction per refresh. Writers of files mark their county pending in their own
/// transaction; the refresher (and the nightly run, and imports) rebuild what is pending.
/// </summary>
public static class DashboardSummaries
{
    public static readonly DateOnly DayZero = new(2000, 1, 1);

    public const int BreaksTop = 4;

    public const int ConsecutiveTop = 10;

    // One pass over the county's rows (with last year's row beside each) for the counts, then the distributions.
    // The population figures (户籍人口 / 常住人口, per county and township) are built here rather than counted on every view.
    // Measured on a seeded database (300,000 persons in 5 counties, 90,000 in 130102, machine at load 38 on 2 cores):
    // counting one county's registered population and its insured live took 1.0-1.45 s for one year and one basis, and
    // a province is the sum of all its counties; the refresh_population statement took 1.3 s for the county, every year and both bases,
    // beside 2.75 s for refresh_base, and reading a dashboard's figures takes milliseconds. Those who live here but are
    // registered elsewhere are counted here too, so writers mark the county lived in as well (MarkLivingPendingAsync,
    // the population merge). Each part reads persons through an index: household county; lives_in_county through the
    // list's index (present) and ix_persons_lives_in_ended (dead or moved out, few). The population is the persons, not
    // their results: a file whose results are not written yet still counts (as not insured), for the dashboard's years up
    // to next year (this year and next for a county where people only live).
    private static readonly string RebuildSql = $"""
        create temporary table refresh_base on commit drop as
        select r.household_county as county, r.year, r.insured, r.resident_insured, r.paid_late, r.break_years,
               r.cap_increase, r.cap_decrease, r.at_increase_ceiling, r.zero_claim_steps, r.continuous_steps,
               r.consecutive_resident_years, r.waiting_months, r.waiting_first_day, r.waiting_last_day, r.paid_on,
               coalesce(p.continuous_steps, 0) as previous_steps, {CallLists.OnTheList("r", "p")} as on_call_list
        from computed_results r
        left join computed_results p on p.person_id = r.person_id and p.year = r.year - 1
        where r.household_county = any($1::char(6)[]);

        insert into dashboard_figures (county, year, metric, bucket, value)
        select county, year, m.metric, 0, m.value
        from (
            select county, year,
                   count(*) as persons,
                   count(*) filter (where insured) as insured,
                   count(*) filter (where resident_insured) as resident,
                   count(*) filter (where resident_insured and paid_late) as late,
                   count(*) filter (where resident_insured and break_years >= 1) as returns,
                   count(*) filter (where cap_increase > 0) as raised,
                   coalesce(sum(cap_increase), 0) as increase,
                   count(*) filter (where cap_decrease > 0) as decreased,
                   coalesce(sum(cap_decrease), 0) as decrease,
                   count(*) filter (where at_increase_ceiling) as at_ceiling,
                   count(*) filter (where resident_insured and zero_claim_steps > 0) as zero_claim,
                   count(*) filter (where waiting_months > 0 and waiting_first_day <= $2 and waiting_last_day >= $2) as waiting_now,
                   count(*) filter (where resident_insured and continuous_steps >= 1 and previous_steps = 0) as first_step,
                   count(*) filter (where on_call_list) as call_list
            from refresh_base group by county, year
        ) g
        cross join lateral (values
            ({DashboardMetric.Persons.Sql()}, g.persons::numeric), ({DashboardMetric.Insured.Sql()}, g.insured), ({DashboardMetric.Resident.Sql()}, g.resident), ({DashboardMetric.Late.Sql()}, g.late),
            ({DashboardMetric.Returns.Sql()}, g.returns), ({DashboardMetric.Raised.Sql()}, g.raised), ({DashboardMetric.Increase.Sql()}, g.increase), ({DashboardMetric.Decreased.Sql()}, g.decreased),
            ({DashboardMetric.Decrease.Sql()}, g.decrease), ({DashboardMetric.AtCeiling.Sql()}, g.at_ceiling), ({DashboardMetric.ZeroClaim.Sql()}, g.zero_claim),
            ({DashboardMetric.WaitingNow.Sql()}, g.waiting_now), ({DashboardMetric.FirstStep.Sql()}, g.first_step), ({DashboardMetric.CallList.Sql()}, g.call_list)
        ) as m(metric, value)
        union all
        select county, year, {DashboardMetric.PaidOn.Sql()}, paid_on - date '2000-01-01', count(*)
        from refresh_base where resident_insured and paid_on is not null group by county, year, paid_on
        union all
        select county, year, {DashboardMetric.WaitingEnds.Sql()}, extract(year from waiting_last_day)::int * 100 + extract(month from waiting_last_day)::int, count(*)
        from refresh_base where waiting_months > 0 and waiting_last_day >= $2 group by 1, 2, 4
        union all
        select county, year, {DashboardMetric.Breaks.Sql()}, least(break_years, 4), count(*)
        from refresh_base where break_years >= 1 group by 1, 2, 4
        union all
        select county, year, {DashboardMetric.Consecutive.Sql()}, least(consecutive_resident_years, 10), count(*)
        from refresh_base where resident_insured group by 1, 2, 4;

        create temporary table refresh_population on commit drop as
        with counted as (
            select true as registered, household_county as county, household_township as township, id, birth_date, status, status_date, population_import_id
            from persons where household_county = any($1::char(6)[])
            union all
            select false, lives_in_county, lives_in_township, id, birth_date, status, status_date, population_import_id
            from persons where lives_in_county = any($1::char(6)[]) and status = 'Present'
            union all
            select false, lives_in_county, lives_in_township, id, birth_date, status, status_date, population_import_id
            from persons where lives_in_county = any($1::char(6)[]) and status <> 'Present'
        )
        select c.registered, c.county, c.township, y.year, coalesce(r.insured, false) as insured, c.population_import_id is not null as listed
        from counted c
        cross join generate_series(coalesce((select min(year) from refresh_base), extract(year from $2::date)::int), extract(year from $2::date)::int + 1) as y(year)
        left join computed_results r on r.person_id = c.id and r.year = y.year
        where c.birth_date <= make_date(y.year, 12, 31) and (c.status = 'Present' or c.status_date >= make_date(y.year, 1, 1));

        insert into dashboard_figures (county, year, metric, bucket, value)
        select county, year, m.metric, 0, m.value
        from (
            select county, year,
                   count(*) filter (where registered) as registered, count(*) filter (where registered and insured) as registered_insured,
                   count(*) filter (where not registered) as living, count(*) filter (where not registered and insured) as living_insured,
                   count(*) filter (where registered and listed) as listed
            from refresh_population group by county, year
        ) g
        cross join lateral (values
            ({DashboardMetric.RegisteredPopulation.Sql()}, g.registered::numeric), ({DashboardMetric.RegisteredInsured.Sql()}, g.registered_insured),
            ({DashboardMetric.LivingPopulation.Sql()}, g.living), ({DashboardMetric.LivingInsured.Sql()}, g.living_insured), ({DashboardMetric.PopulationListed.Sql()}, g.listed)
        ) as m(metric, value)
        union all
        select county, year, case when registered then {DashboardMetric.TownshipRegistered.Sql()} else {DashboardMetric.TownshipLiving.Sql()} end, township::text::int, count(*)
        from refresh_population where township is not null group by county, year, registered, township
        union all
        select county, year, case when registered then {DashboardMetric.TownshipRegisteredInsured.Sql()} else {DashboardMetric.TownshipLivingInsured.Sql()} end, township::text::int, count(*)
        from refresh_population where township is not null and insured group by county, year, registered, township;
        """;

    /// <summary>Marks counties pending, in the caller's transaction: a file of theirs changed.</summary>
    public static async Task MarkPendingAsync(MedicalInsuranceDbContext db, IEnumerable<string> counties, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction;
        await MarkPendingAsync((NpgsqlConnection)db.Database.GetDbConnection(), transaction, counties, now, cancellationToken);
    }

    /// <summary>The same on a plain connection, for the bulk writers.</summary>
    public static async Task MarkPendingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<string> counties, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(counties);
        await using var command = new NpgsqlCommand("insert into dashboard_pending (county, since) select unnest($1::text[]), $2 on conflict (county) do nothing", connection, transaction)
        {
            Parameters = { new() { Value = counties.Distinct(StringComparer.Ordinal).ToArray() }, new() { Value = now } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks pending, in the caller's transaction, the counties these persons live in away from their registered county
    /// (人户分离): their population figures count them there too. Read from the persons, whose loaded files do not carry it.
    /// </summary>
    public static async Task MarkLivingPendingAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IEnumerable<long> personIds, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(personIds);
        await using var command = new NpgsqlCommand(
            "insert into dashboard_pending (county, since) select distinct lives_in_county, $2 from persons where id = any($1) and lives_in_county <> household_county on conflict (county) do nothing",
            connection, transaction)
        {
            Parameters = { new() { Value = personIds.ToArray() }, new() { Value = now } },
        };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The counties to rebuild now: those pending, those whose figures were built on an earlier day than
    /// <paramref name="today"/> (the nightly run), and those with files but no figures yet.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DueAsync(NpgsqlConnection connection, DateOnly today, bool includeNeverBuilt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sql = "select county from dashboard_pending union select county from dashboard_refreshes where as_of < $1" +
                  (includeNeverBuilt ? " union select distinct household_county from persons where household_county not in (select county from dashboard_refreshes)" : "");
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new NpgsqlParameter { Value = today } } };
        return await CountiesAsync(command, cancellationToken);
    }

    /// <summary>Every county with a file.</summary>
    public static async Task<IReadOnlyList<string>> AllCountiesAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // Reads every file (a few seconds at 10 M): no command timeout, cancelled by the token.
        await using var command = new NpgsqlCommand("select distinct household_county from persons", connection) { CommandTimeout = 0 };
        return await CountiesAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<string>> CountiesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var counties = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counties.Add(reader.GetString(0));
        }

        return counties;
    }

    /// <summary>
    /// Rebuilds the figures of these counties as of <paramref name="today"/> in one transaction: the pending marks are
    /// taken first, so a file changed while this runs marks its county again and is rebuilt next time.
    /// </summary>
    public static async Task<RefreshOutcome> RefreshAsync(NpgsqlConnection connection, IReadOnlyCollection<string> counties, DateOnly today, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(counties);
        var watch = Stopwatch.StartNew();
        if (counties.Count == 0)
        {
            return new RefreshOutcome(0, 0, watch.Elapsed);
        }

        var codes = counties.Distinct(StringComparer.Ordinal).ToArray();
        if (connection.State != ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, transaction, "delete from dashboard_pending where county = any($1::char(6)[])", cancellationToken, (object)codes);
        await Execute(connection, transaction, "delete from dashboard_figures where county = any($1::char(6)[])", cancellationToken, (object)codes);
        var figures = 0L;
        // A county's rebuild reads all its results: minutes for a county of 3 M files, so no command timeout (the default
        // 30 s stopped `medins seed --persons 10000000`); the caller's token cancels it.
        await using (var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 })
        {
            foreach (var statement in RebuildSql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var command = new NpgsqlBatchCommand(statement);
                command.Parameters.Add(new NpgsqlParameter { Value = codes });
                if (statement.Contains("$2", StringComparison.Ordinal))
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = today });
                }

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            figures = batch.BatchCommands.Cast<NpgsqlBatchCommand>().Where(c => c.CommandText.StartsWith("insert", StringComparison.Ordinal)).Sum(c => (long)c.RecordsAffected);
        }

        await Execute(connection, transaction,
            "insert into dashboard_refreshes (county, refreshed_at, as_of) select unnest($1::text[]), $2, $3 on conflict (county) do update set refreshed_at = excluded.refreshed_at, as_of = excluded.as_of",
            cancellationToken, codes, now, today);
        await transaction.CommitAsync(cancellationToken);
        return new RefreshOutcome(codes.Length, figures, watch.Elapsed);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
