using System.Runtime.CompilerServices;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// The list of the uninsured (排查名单) of a county for a coverage year: everyone alive and registered (正常) there — or,
/// by the other duty, living there — born by the end of the year, who holds no cover for the year under any scheme in
/// any county, in township, household and person order. Read live (a registration or an import takes a person off at
/// once), paged and masked for the screen, whole for the exports (audited), a phone revealed one at a time (audited).
/// </summary>
public sealed class UninsuredLists(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    /// <summary>The years a list can be asked for: from the mechanism's first year to next year.</summary>
    public (int First, int Last) Years()
    {
        var today = Domain.Time.ChinaCalendar.Today(time);
        return (2025, Math.Min(today.Year + 1, RegionPolicy.MaxYear));
    }

    /// <summary>The year a list opens on: the one whose collection period is open in the county's province, else this year.</summary>
    public async Task<int> DefaultYearAsync(string county, CancellationToken cancellationToken = default)
    {
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        return CallLists.OpenYear(catalog, county, today)?.Year ?? today.Year;
    }

    /// <summary>
    /// One page of the list (persons, and newborn files no ID number has reached yet), masked, without the list's size (<see cref="CountAsync"/>): the page walks the list's index and
    /// reads its rows alone (about a millisecond), while the size means probing every present person of the county (0.6 s
    /// at 300,000), so a page shows its rows first and the size when it comes. <see cref="UninsuredOutcome.NotFound"/>
    /// outside the caller's scope.
    /// </summary>
    public async Task<UninsuredOutcome> PageAsync(UserScope scope, string county, int year, ListDuty duty, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await HeaderAsync(scope, county, year, duty, cancellationToken) is not UninsuredOutcome.Listed listed)
        {
            return new UninsuredOutcome.NotFound();
        }

        await using var db = await reads.ReadContextAsync(factory, scope, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(Select(duty, paged: true), county, listed.Year, Math.Max(0, offset), Math.Clamp(limit, 1, 500)) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = new List<UninsuredEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader, listed).Masked());
        }

        return listed with { Rows = rows };
    }

    /// <summary>How many persons the list holds, counted live by the list's own condition; null outside the caller's scope.</summary>
    public async Task<long?> CountAsync(UserScope scope, string county, int year, ListDuty duty, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await HeaderAsync(scope, county, year, duty, cancellationToken) is not UninsuredOutcome.Listed listed)
        {
            return null;
        }

        await using var db = await reads.ReadContextAsync(factory, scope, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await CountAsync(connection, listed, cancellationToken);
    }

    /// <summary>
    /// The whole list in list order for an export, names and phones in full (the township visits and phones them), ID
    /// numbers masked; audited with its size before the first row is handed out. Nothing outside the caller's scope.
    /// </summary>
    public async IAsyncEnumerable<UninsuredEntry> ExportAsync(UserScope scope, string county, int year, ListDuty duty, string table, string format,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await HeaderAsync(scope, county, year, duty, cancellationToken) is not UninsuredOutcome.Listed listed)
        {
            yield break;
        }

        // Counted and streamed where the reads go; the audit is written on the primary before the first row.
        await using var db = await reads.ReadContextAsync(factory, scope, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var total = await CountAsync(connection, listed, cancellationToken);

        await using (var audit = await factory.CreateDbContextAsync(cancellationToken))
        {
            AuditLog.Add(audit, scope.Actor, "export", null, new { table, county, year = listed.Year, duty = duty.ToString(), rows = total, format });
            await audit.SaveChangesAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { Command(Select(duty, paged: false), county, listed.Year) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = Read(reader, listed);
            yield return row with { IdNumber = row.MaskedIdentifier };
        }
    }

    /// <summary>
    /// A listed person's name and phone in full, for a caller whose county registers them or whose county they live in;
    /// audited.
    /// </summary>
    public Task<RevealedContact?> RevealAsync(UserScope scope, long personId, CancellationToken cancellationToken = default) =>
        ListReveal.RevealAsync(factory, scope, personId, "uninsured", cancellationToken);

    /// <summary>
    /// A listed newborn file's name and its mother's phone in full, for a caller whose scope covers the file's county or the
    /// mother's household; audited.
    /// </summary>
    public Task<RevealedContact?> RevealNewbornAsync(UserScope scope, long newbornFileId, CancellationToken cancellationToken = default) =>
        ListReveal.RevealNewbornAsync(factory, scope, newbornFileId, "uninsured", cancellationToken);

    /// <summary>The list's county, year, duty, collection period and newborn window, no rows read; null outside scope.</summary>
    public async Task<UninsuredOutcome> HeaderAsync(UserScope scope, string county, int year, ListDuty duty, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var (first, last) = Years();
        if (!scope.Covers(county) || year < first || year > last)
        {
            return new UninsuredOutcome.NotFound();
        }

        var catalog = await catalogs.GetAsync(cancellationToken);
        var regions = RegionDirectory.Shipped;
        YearPolicy? policy = catalog.TryResolve(regions.PolicyOf(county), regions.CityOf(county), out var resolved) ? resolved.ForYear(year) : null;
        return new UninsuredOutcome.Listed(county, year, duty, policy?.CollectionPeriod?.Value, policy?.NewbornDays, []);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, UninsuredOutcome.Listed listed, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlBatch(connection) { BatchCommands = { Command($"select (select count(*) {FromWhere(listed.Duty)}) + (select count(*) {NewbornFromWhere(listed.Duty)})", listed.County, listed.Year) } };
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Born in the year, or late enough in the one before that the newborn window reaches into it.</summary>
    public static bool IsNewborn(DateOnly birth, int year, int newbornDays) =>
        birth.Year == year || (birth.Year == year - 1 && birth.AddDays(newbornDays) >= new DateOnly(year, 1, 1));

    // $1 county, $2 year, $3 the year's last day; the county as character(6), so the partial indexes on persons are used. A
    // child born in the year and insured for the next is not listed: enrollment within the newborn window covers the birth
    // year or the next (RULES §3 1), as on the newborns list.
    private static string FromWhere(ListDuty duty) =>
        $"from persons p where p.{(duty == ListDuty.Registered ? "household_county" : "lives_in_county")} = $1 and p.status = 'Present' and p.birth_date <= $3 " +
        "and not exists (select 1 from coverages c where c.person_id = p.id and c.year = $2) " +
        "and not (p.birth_date >= make_date($2, 1, 1) and exists (select 1 from coverages c where c.person_id = p.id and c.year = $2 + 1))";

    // Newborn files no ID number has reached yet (a merged one is read as its person): no cover can be recorded against them,
    // so each is uninsured in every year from its birth. By registration, the county of the mother's household where she is
    // on file and present, else the births extract's residence (the mother's: docs/decisions/0009); by residence, the
    // extract's. Grouped under the mother's household where she is on file.
    private static string NewbornFromWhere(ListDuty duty) => duty == ListDuty.Registered
        ? "from newborn_files n left join persons m on m.id_number = n.mother_id_number and m.status = 'Present' " +
          "where n.person_id is null and n.birth_date <= $3 and coalesce(m.household_county, n.county) = $1"
        : "from newborn_files n left join persons m on m.id_number = n.mother_id_number and m.status = 'Present' " +
          "where n.person_id is null and n.birth_date <= $3 and n.county = $1";

    // Persons and newborn files in one order: township, household, then the person's id or the newborn file's negated, so a
    // household's unregistered newborns come first and a page never mixes up two rows of the same number. A page takes each
    // side's first offset + limit rows in that order apart: a branch of a union is planned on its own, and only its own order
    // and limit let the persons' side walk the list's index (ix_persons_*_list) instead of sorting the county.
    private static string Listed(ListDuty duty, bool paged) => $"""
        (select p.id as key, p.id, false as certificate, p.name, p.id_number::text as identifier, p.phone, p.birth_date, p.household_county, p.lives_in_county,
               p.household_number, {(duty == ListDuty.Registered ? "p.household_township" : "p.lives_in_township")} as township
         {FromWhere(duty)}
         {(paged ? $"order by {Order} limit $4 + $5" : "")})
        union all
        (select -n.id as key, n.id, true, coalesce(n.name, ''), n.certificate_number::text, m.phone, n.birth_date, coalesce(m.household_county, n.county), n.county,
               m.household_number as household_number, {(duty == ListDuty.Registered ? "case when m.id is null then n.township else m.household_township end" : "n.township")} as township
         {NewbornFromWhere(duty)}
         {(paged ? $"order by {Order} limit $4 + $5" : "")})
        """;

    private const string Order = "township, household_number, key";

    // The household's members counted by a look-up each (ix_persons_household), the engine's answer from the file's results;
    // an unregistered newborn counts itself among its household's unpaid.
    private static string Select(ListDuty duty, bool paged) => $"""
        select p.id, p.name, p.identifier, p.phone, p.birth_date, p.household_county, p.lives_in_county, p.township, t.name, t.reference, p.household_number,
               (select max(c.year) from coverages c where not p.certificate and c.person_id = p.id and c.year < $2),
               r.if_late_waiting_months, r.if_late_benefits_from, r.if_skip_decrease, r.if_skip_waiting_months, r.if_skip_benefits_from,
               h.paid, h.unpaid + case when p.certificate then 1 else 0 end, p.certificate
        from ({Listed(duty, paged)} order by {Order} {(paged ? "offset $4 limit $5" : "")}) p
        left join townships t on t.code = p.township
        left join computed_results r on not p.certificate and r.person_id = p.id and r.year = $2
        left join lateral (
            select count(*) filter (where exists (select 1 from coverages c where c.person_id = m.id and c.year = $2)) as paid,
                   count(*) filter (where not exists (select 1 from coverages c where c.person_id = m.id and c.year = $2)) as unpaid
            from persons m
            where p.household_number is not null and m.household_county = p.household_county and m.household_number = p.household_number
              and m.status = 'Present' and m.birth_date <= $3) h on true
        order by {Order}
        """;

    /// <summary>The list's statement, as of the last day of the year.</summary>
    private static NpgsqlBatchCommand Command(string sql, string county, int year, params int[] paging) =>
        CountyYearCommand.Of(sql, county, year, new DateOnly(year, 12, 31), paging);

    private static UninsuredEntry Read(NpgsqlDataReader r, UninsuredOutcome.Listed listed)
    {
        var birth = r.GetFieldValue<DateOnly>(4);
        int? last = r.IsDBNull(11) ? null : r.GetInt32(11);
        var reason = last is not null ? UninsuredReason.Broke
            : IsNewborn(birth, listed.Year, listed.NewbornDays?.Value ?? 0) ? UninsuredReason.Newborn
            : UninsuredReason.NeverInsured;
        var household = r.IsDBNull(10) ? null : r.GetString(10);
        return new UninsuredEntry(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), birth, r.GetString(5), r.GetString(6),
            r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), !r.IsDBNull(9) && !r.GetBoolean(9), household,
            reason, last,
            r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? null : r.GetFieldValue<DateOnly>(13), r.IsDBNull(14) ? null : r.GetDecimal(14),
            r.IsDBNull(15) ? null : r.GetInt32(15), r.IsDBNull(16) ? null : r.GetFieldValue<DateOnly>(16),
            household is null ? null : new HouseholdState((int)r.GetInt64(17), (int)r.GetInt64(18)),
            r.GetBoolean(19) ? NewbornSource.Certificate : NewbornSource.Person);
    }
}
