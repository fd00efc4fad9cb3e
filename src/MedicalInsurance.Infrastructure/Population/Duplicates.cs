using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// The duplicates list (重复参保) of a county for a coverage year, a data-quality list for clean-up (Heilongjiang 实施意见
/// (六) "持续做好重复参保治理"): the persons registered in the county who hold both a resident and an employee record for the
/// year — made in the same or in different counties (两地参保: the records say where each was made). Records a county cannot
/// hold twice are not counted twice: one person has at most one record per year and scheme (the unique key), so a second
/// resident payment in another county is reported by the import that brings it (<see cref="Imports.ImportRun.Duplicates"/>)
/// and stays on the review queue, not here. Not counted either: a resident record registered as a switch from employee
/// cover that ended in the year (the clerk recorded the switch, 职工转居民), a voided registration (its record went with the
/// void), and another public cover (<see cref="Scheme.Other"/>: a year of entering or leaving service holds both).
/// Read live, paged and masked; a phone revealed one at a time (audited).
/// </summary>
public sealed class Duplicates(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time, ReadRouting? reads = null)
{
    /// <summary>The years a list can be asked for: from the first year a record can be entered for to next year.</summary>
    public (int First, int Last) Years()
    {
        var today = Domain.Time.ChinaCalendar.Today(time);
        return (CoverElsewhere.FirstYear, Math.Min(today.Year + 1, RegionPolicy.MaxYear));
    }

    /// <summary>The year a list opens on: this year, the one whose cover is running.</summary>
    public int DefaultYear() => Domain.Time.ChinaCalendar.Today(time).Year;

    /// <summary>One page of the list with its total, masked; <see cref="DuplicatesOutcome.NotFound"/> outside the caller's scope.</summary>
    public async Task<DuplicatesOutcome> PageAsync(UserScope scope, string county, int year, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(county);
        var (first, last) = Years();
        if (!scope.Covers(county) || year < first || year > last)
        {
            return new DuplicatesOutcome.NotFound();
        }

        await using var db = await reads.ReadContextAsync(factory, scope, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        long total;
        var persons = new List<DuplicateEntry>();
        await using (var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command($"select count(*) {FromWhere}", county, year),
                Command(Select, county, year, Math.Max(0, offset), Math.Clamp(limit, 1, 500)),
            },
        })
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            total = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                persons.Add(new DuplicateEntry(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), []));
            }
        }

        // The page's records by the (person, year, scheme) key, resident first.
        var ids = persons.Select(p => p.PersonId).ToList();
        var records = (await db.Coverages.AsNoTracking().Where(c => ids.Contains(c.PersonId) && c.Year == year)
                .Select(c => new { c.PersonId, Record = new DuplicateRecord(c.Id, c.Scheme, c.County, c.PoolingRegion, c.Origin, c.PaidOn, c.Amount, c.CreatedAt) })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.PersonId, c => c.Record);
        var rows = persons.Select(p => (p with { Records = records[p.PersonId].OrderBy(r => r.Scheme).ThenBy(r => r.CoverageId).ToList() }).Masked()).ToList();
        return new DuplicatesOutcome.Listed(county, year, total, rows);
    }

    /// <summary>A listed person's name and phone in full, for a caller whose county registers them or they live in; audited.</summary>
    public Task<RevealedContact?> RevealAsync(UserScope scope, long personId, CancellationToken cancellationToken = default) =>
        ListReveal.RevealAsync(factory, scope, personId, "duplicates", cancellationToken);

    // $1 county (character(6), so the county indexes on persons are used), $2 year, $3 its first day. Each person of the
    // county is probed once by the (person, year, scheme) key of coverages: a lateral subquery, so the plan stays bounded
    // by the county — as two EXISTS the planner may walk the whole key index for the year's employee records instead. The
    // import's count (Imports/Importer) applies the same rule to the rows it merged.
    private const string FromWhere = """
        from persons p
        cross join lateral (
            select bool_or(c.scheme = 'Resident' and (c.previous_coverage_ended_on is null or c.previous_coverage_ended_on < $3)) as resident,
                   bool_or(c.scheme = 'Employee') as employee
            from coverages c where c.person_id = p.id and c.year = $2) y
        where p.household_county = $1 and y.resident and y.employee
        """;

    private const string Select = $"""
        select p.id, p.name, p.id_number, p.phone, p.household_township, t.name, p.lives_in_county
        from (select p.id, p.name, p.id_number, p.phone, p.household_township, p.lives_in_county {FromWhere}
              order by p.household_township, p.id offset $4 limit $5) p
        left join townships t on t.code = p.household_township
        order by p.household_township, p.id
        """;

    /// <summary>The list's statement, as of the first day of the year.</summary>
    private static NpgsqlBatchCommand Command(string sql, string county, int year, params int[] paging) =>
        CountyYearCommand.Of(sql, county, year, new DateOnly(year, 1, 1), paging);
}
