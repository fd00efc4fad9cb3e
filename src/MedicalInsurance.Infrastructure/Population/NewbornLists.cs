using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// The newborns list of a county (出生一件事): children born this year or last who are insured neither for their birth year
/// nor for the next (the years a newborn's enrollment within the window covers, RULES §3 1) and
/// whose newborn window — enrollment from birth up to birth + <c>newbornDays</c> of the birth year's policy (RULES §3 1)
/// — closes within <see cref="WarningDays"/> days or has closed. Two kinds of file are read: newborn files a births
/// extract made that no ID number has reached yet (by their residence county), and persons' files (by the county they
/// live in, alive and present) — a merged newborn file is read as its person, so no child is listed twice. Most urgent
/// first (the window's last day), live, paged and masked; a name and phone revealed one at a time (audited).
/// </summary>
public sealed class NewbornLists(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    /// <summary>How far ahead the list looks: a window that closes within this many days is listed (the 14 days).</summary>
    public const int WarningDays = 14;

    /// <summary>One page of the list with its total, masked; <see cref="NewbornsOutcome.NotFound"/> outside the caller's scope.</summary>
    public async Task<NewbornsOutcome> PageAsync(UserScope scope, string county, int offset, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(county);
        if (!scope.Covers(county))
        {
            return new NewbornsOutcome.NotFound();
        }

        var today = Domain.Time.ChinaCalendar.Today(time);
        var catalog = await catalogs.GetAsync(cancellationToken);
        var regions = RegionDirectory.Shipped;
        RegionPolicy? policy = catalog.TryResolve(regions.PolicyOf(county), regions.CityOf(county), out var resolved) ? resolved : null;
        var thisYear = policy?.ForYear(today.Year).NewbornDays;
        var lastYear = policy?.ForYear(today.Year - 1).NewbornDays;
        if (thisYear is null || lastYear is null)
        {
            // No window in the province's parameters: no child can be said to be running out of one.
            return new NewbornsOutcome.Listed(county, today, thisYear, 0, []);
        }

        await using var db = await reads.ReadContextAsync(factory, scope, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                CountyYearCommand.Of($"select count(*) from ({Listed}) l", county, today.Year, today, thisYear.Value.Value, lastYear.Value.Value),
                CountyYearCommand.Of(Select, county, today.Year, today, thisYear.Value.Value, lastYear.Value.Value, Math.Max(0, offset), Math.Clamp(limit, 1, 500)),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = reader.GetInt64(0);
        await reader.NextResultAsync(cancellationToken);
        var rows = new List<NewbornEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NewbornEntry(
                reader.GetString(0) == "certificate" ? NewbornSource.Certificate : NewbornSource.Person, reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetFieldValue<DateOnly>(4), reader.GetFieldValue<DateOnly>(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9)).Masked());
        }

        return new NewbornsOutcome.Listed(county, today, thisYear, total, rows);
    }

    /// <summary>A listed person's name and phone in full, for a caller whose county registers them or they live in; audited.</summary>
    public Task<RevealedContact?> RevealPersonAsync(UserScope scope, long personId, CancellationToken cancellationToken = default) =>
        ListReveal.RevealAsync(factory, scope, personId, "newborns", cancellationToken);

    /// <summary>A newborn file's name in full (it has no phone), for a caller whose scope covers its county; audited.</summary>
    public async Task<RevealedContact?> RevealFileAsync(UserScope scope, long newbornFileId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var file = await db.NewbornFiles.AsNoTracking().Where(n => n.Id == newbornFileId).Select(n => new { n.Name, n.County }).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !scope.Covers(file.County))
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reveal", null, new { field = "name", list = "newborns", newbornFile = newbornFileId });
        await db.SaveChangesAsync(cancellationToken);
        return new RevealedContact(file.Name ?? "", null);
    }

    // $1 county (character(6)), $2 this year, $3 today, $4 this year's newborn days, $5 last year's; then offset and limit.
    // A window's last day is the birth date plus the birth year's days. Newborn files are those no ID number has reached yet
    // (merged ones are read as their person); a person is listed while uninsured, under any scheme anywhere, for the birth
    // year and the next: the two years a newborn's enrollment within the window covers from the birth (RULES §3 1).
    private static readonly string Listed = $"""
        select l.*, l.birth_date + case when extract(year from l.birth_date) = $2 then $4 else $5 end as deadline
        from (
            select 'certificate' as source, n.id, n.name, n.certificate_number::text as identifier, n.birth_date, n.mother_id_number::text as mother, n.township, null::text as phone
            from newborn_files n
            where n.person_id is null and n.county = $1 and n.birth_date between make_date($2 - 1, 1, 1) and $3
            union all
            select 'person', p.id, p.name, p.id_number::text, p.birth_date, f.mother_id_number::text, p.lives_in_township, p.phone
            from persons p left join newborn_files f on f.person_id = p.id
            where p.lives_in_county = $1 and p.status = 'Present' and p.birth_date between make_date($2 - 1, 1, 1) and $3
              and not exists (select 1 from coverages c where c.person_id = p.id and c.year between extract(year from p.birth_date)::int and extract(year from p.birth_date)::int + 1)) l
        where l.birth_date + case when extract(year from l.birth_date) = $2 then $4 else $5 end <= $3 + {WarningDays}
        """;

    private static readonly string Select = $"""
        select l.source, l.id, l.name, l.identifier, l.birth_date, l.deadline, l.mother, l.township, t.name, l.phone
        from ({Listed}) l left join townships t on t.code = l.township
        order by l.deadline, l.township nulls last, l.source, l.id
        offset $6 limit $7
        """;
}
