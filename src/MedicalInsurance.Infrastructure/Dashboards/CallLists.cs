using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// The collection-period call list of a county: read live from <c>computed_results</c> (a registration takes the person
/// off at once), paged for the screen, whole for an export (audited), phones revealed one at a time (audited).
/// </summary>
public sealed class CallLists(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting reads)
{
    /// <summary>
    /// Who is on the call list of a year, over that year's stored result <paramref name="year"/> and the year before's
    /// <paramref name="previous"/> (which may be missing): insured as a resident the year before and not this year. The
    /// page, the export and the dashboard's count (<see cref="DashboardSummaries"/>) all read this one definition.
    /// </summary>
    internal static string OnTheList(string year, string previous) => $"not {year}.resident_insured and coalesce({previous}.resident_insured, false)";

    private static readonly string FromWhere = $"""
        from computed_results r
        join computed_results prev on prev.person_id = r.person_id and prev.year = r.year - 1
        join persons p on p.id = r.person_id
        where r.household_county = $1 and r.year = $2 and {OnTheList("r", "prev")}
        """;

    /// <summary>The coverage year whose collection period contains <paramref name="today"/>, for a county's province.</summary>
    public static (int Year, CollectionPeriod Period)? OpenYear(PolicyCatalog catalog, string county, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!catalog.TryResolve(RegionDirectory.Shipped.PolicyOf(county), null, out var policy))
        {
            return null;
        }

        foreach (var year in new[] { today.Year + 1, today.Year })
        {
            if (year <= RegionPolicy.MaxYear && policy.ForYear(year).CollectionPeriod?.Value is { } period && period.From <= today && today <= period.To)
            {
                return (year, period);
            }
        }

        return null;
    }

    /// <summary>
    /// One page of the list from <paramref name="cursor"/>, masked, in person order, without the list's size
    /// (<see cref="CountAsync(UserScope, string, CancellationToken)"/>): the page probes as many rows as it shows, the size
    /// every row of the county's list, so the page is not kept waiting for it.
    /// </summary>
    public async Task<CallListOutcome> PageAsync(UserScope scope, string county, CallListCursor cursor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(cursor);
        var open = await OpenAsync(scope, county, cancellationToken);
        if (open is not CallListOutcome.Listed listed)
        {
            return open;
        }

        var rows = Math.Clamp(limit, 1, 500);
        // Before a person the index is read backwards, and the page put back in person order.
        var (sql, from) = cursor switch
        {
            CallListCursor.After after => ($"{Select} {FromWhere} and r.person_id > $3 order by r.person_id limit $4", after.PersonId ?? long.MinValue),
            CallListCursor.Before before => ($"select * from ({Select} {FromWhere} and r.person_id < $3 order by r.person_id desc limit $4) page order by 1", before.PersonId ?? long.MaxValue),
            CallListCursor.At at => ($"{Select} {FromWhere} order by r.person_id offset $3 limit $4", (long)Math.Max(0, at.Offset)),
            _ => throw new ArgumentOutOfRangeException(nameof(cursor), cursor, "unknown cursor"),
        };

        await using var db = await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection)
        {
            Parameters = { CharParameter.Of(county), new NpgsqlParameter { Value = listed.Year }, new NpgsqlParameter { Value = from }, new NpgsqlParameter { Value = rows } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var page = new List<CallListEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(Read(reader).Masked());
        }

        return listed with { Rows = page };
    }

    /// <summary>How many are on the list of an open collection period; null when the county is not the caller's or no period is open.</summary>
    public async Task<long?> CountAsync(UserScope scope, string county, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await OpenAsync(scope, county, cancellationToken) is not CallListOutcome.Listed listed)
        {
            return null;
        }

        await using var db = await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
        return await CountAsync(db, county, listed.Year, cancellationToken);
    }

    /// <summary>
    /// The whole list for an export, streamed in person order, names and phones in full (the township phones them),
    /// ID numbers masked; the export is audited with its size before the first row is handed out.
    /// </summary>
    public async IAsyncEnumerable<CallListEntry> ExportAsync(UserScope scope, string county, string format, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await OpenAsync(scope, county, cancellationToken) is not CallListOutcome.Listed listed)
        {
            yield break;
        }

        // Counted and streamed where the reads go; the audit is written on the primary before the first row.
        await using var db = await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
        var total = await CountAsync(db, county, listed.Year, cancellationToken);
        await using (var audit = await factory.CreateDbContextAsync(cancellationToken))
        {
            AuditLog.Add(audit, scope.Actor, "export", null, new { table = "callList", county, year = listed.Year, rows = total, format });
            await audit.SaveChangesAsync(cancellationToken);
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"{Select} {FromWhere} order by r.person_id", connection)
        {
            Parameters = { CharParameter.Of(county), new NpgsqlParameter { Value = listed.Year } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = Read(reader);
            yield return row with { IdNumber = Domain.Persons.IdNumber.Parse(row.IdNumber).Masked };
        }
    }

    /// <summary>A resident's name and phone in full, for a caller whose county holds the file; audited.</summary>
    public async Task<RevealedContact?> RevealPhoneAsync(UserScope scope, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Phone, p.Name, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !scope.Covers(person.HouseholdCounty))
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reveal", personId, new { field = "phone" });
        await db.SaveChangesAsync(cancellationToken);
        return new RevealedContact(person.Name, person.Phone);
    }

    /// <summary>Whether the county is the caller's and its collection period open — the list's year and period, no rows read.</summary>
    public async Task<CallListOutcome> OpenAsync(UserScope scope, string county, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.Covers(county))
        {
            return new CallListOutcome.NotFound();
        }

        var catalog = await catalogs.GetAsync(cancellationToken);
        return OpenYear(catalog, county, Domain.Time.ChinaCalendar.Today(time)) is { } open
            ? new CallListOutcome.Listed(county, open.Year, open.Period, [])
            : new CallListOutcome.Closed();
    }

    private static async Task<long> CountAsync(MedicalInsuranceDbContext db, string county, int year, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"select count(*) {FromWhere}", connection)
        {
            Parameters = { CharParameter.Of(county), new NpgsqlParameter { Value = year } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private const string Select = "select p.id, p.name, p.id_number, p.phone, r.if_late_waiting_months, r.if_late_benefits_from, r.if_skip_decrease, r.if_skip_waiting_months, r.if_skip_benefits_from";

    private static CallListEntry Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetInt32(4),
        reader.IsDBNull(5) ? null : reader.GetFieldValue<DateOnly>(5),
        reader.IsDBNull(6) ? null : reader.GetDecimal(6),
        reader.IsDBNull(7) ? null : reader.GetInt32(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateOnly>(8));
}
