using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// The review queue (待核对档案): files an import created from a payment alone (flagged <see cref="Person.NeedsReview"/>)
/// and files whose import rows disagreed with them (open <see cref="ReviewQueueItem"/>s), per county within the caller's
/// scope, each with the import it came from. A clerk confirms or corrects the household county; the file then leaves the queue, audited.
/// </summary>
public sealed class ReviewQueue(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    /// <summary>The most files the queue lists at once, oldest first.</summary>
    public const int ListLimit = 200;

    /// <summary>The queued files of the caller's scope, oldest first (at most <see cref="ListLimit"/>), and how many there are.</summary>
    public async Task<(IReadOnlyList<QueueEntry> Entries, int Total)> ListAsync(UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counties = scope.Counties.ToArray();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Two small sets joined, not one OR over the county's files: the flagged ones come from a partial index.
        var flagged = db.Persons.Where(p => p.NeedsReview && counties.Contains(p.HouseholdCounty)).Select(p => p.Id);
        var itemized = from i in db.ReviewQueueItems
                       join p in db.Persons on i.PersonId equals p.Id
                       where i.ResolvedAt == null && counties.Contains(p.HouseholdCounty)
                       select p.Id;
        var queued = flagged.Union(itemized);
        var total = await queued.CountAsync(cancellationToken);
        var persons = await db.Persons.AsNoTracking().Where(p => queued.Contains(p.Id)).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).Take(ListLimit)
            .Select(p => new { p.Id, p.Name, p.IdNumber, p.HouseholdCounty, p.CreatedAt, p.NeedsReview }).ToListAsync(cancellationToken);
        var ids = persons.Select(p => p.Id).ToArray();
        var items = await (from i in db.ReviewQueueItems.AsNoTracking()
                           join r in db.ImportRuns.AsNoTracking() on i.ImportId equals r.Id into runs
                           from r in runs.DefaultIfEmpty()
                           where i.ResolvedAt == null && ids.Contains(i.PersonId)
                           orderby i.Id
                           select new { i.PersonId, i.Kind, i.ImportId, FileName = r == null ? null : r.FileName, ImportedAt = r == null ? (DateTimeOffset?)null : r.StartedAt, i.Line, i.Details })
            .ToListAsync(cancellationToken);
        // The import that created a flagged file: its merge dates the new files with the run's start.
        var createdAt = persons.Where(p => p.NeedsReview).Select(p => p.CreatedAt).Distinct().ToArray();
        var creators = (await db.ImportRuns.AsNoTracking().Where(r => r.Kind == ImportKind.Payments && createdAt.Contains(r.StartedAt))
            .Select(r => new { r.Id, r.FileName, r.StartedAt }).ToListAsync(cancellationToken)).DistinctBy(r => r.StartedAt).ToDictionary(r => r.StartedAt);
        var byPerson = items.ToLookup(i => i.PersonId);
        var entries = persons.Select(p =>
        {
            var checks = byPerson[p.Id].Select(i => new QueueCheck(i.Kind, i.ImportId, i.FileName, i.ImportedAt, i.Line, i.Details)).ToList();
            if (p.NeedsReview)
            {
                var run = creators.GetValueOrDefault(p.CreatedAt);
                checks.Insert(0, new QueueCheck(ReviewQueueItemKind.Created, run?.Id, run?.FileName, run?.StartedAt, null, null));
            }

            return new QueueEntry(p.Id, PersonalData.MaskName(p.Name), IdNumber.Parse(p.IdNumber).Masked, p.HouseholdCounty, p.CreatedAt, checks);
        }).ToList();
        return (entries, total);
    }

    /// <summary>
    /// A clerk's check of a queued file within their scope, in one transaction: the household county confirmed or
    /// corrected (to a county this system serves), the flag cleared and the file's open items resolved, audited with the
    /// county before and after. A corrected county recomputes the file and marks both counties' figures for the
    /// dashboards; imported records are marked again as local or another province's, as an import marks them.
    /// </summary>
    public async Task<QueueOutcome> ConfirmAsync(long personId, string? county, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanRegister)
        {
            return new QueueOutcome.NotAllowed();
        }

        var regions = RegionDirectory.Shipped;
        if (!regions.IsCounty(county) || !regions.IsServed(county))
        {
            return new QueueOutcome.Invalid("户籍所在县区须为本系统所辖的县级行政区划");
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked until commit: of two clerks confirming at once, the second finds it confirmed.
        var person = (await db.Persons.FromSql($"select * from persons where id = {personId} for update").ToListAsync(cancellationToken)).SingleOrDefault();
        if (person is null || !scope.Covers(person.HouseholdCounty))
        {
            return new QueueOutcome.NotFound();
        }

        var items = await db.ReviewQueueItems.Where(i => i.PersonId == personId && i.ResolvedAt == null).ToListAsync(cancellationToken);
        if (!person.NeedsReview && items.Count == 0)
        {
            return new QueueOutcome.NotQueued();
        }

        var now = time.GetUtcNow();
        var before = person.HouseholdCounty;
        person.NeedsReview = false;
        person.HouseholdCounty = county!;
        foreach (var item in items)
        {
            item.ResolvedAt = now;
            item.ResolvedBy = scope.UserName;
        }

        AuditLog.Add(db, scope.Actor, "queueConfirm", personId, new
        {
            countyBefore = before,
            county,
            items = items.Select(i => new { i.Id, kind = i.Kind.ToString(), import = i.ImportId, line = i.Line }),
        });
        await db.SaveChangesAsync(cancellationToken);
        if (before != county)
        {
            // The importer's rule: a record of the household province is Import, another province's AnotherProvince.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                update coverages set origin = case when left(county, 2) = left({county}, 2) then 'Import' else 'AnotherProvince' end
                where person_id = {personId} and origin in ('Import', 'AnotherProvince') and evidence is null and county is not null
                """, cancellationToken);
            var catalog = await catalogs.GetAsync(cancellationToken);
            var file = (await PersonFiles.LoadAsync(db, personId, cancellationToken))!;
            await ComputedResults.ReplaceAsync(db, [file], Domain.Time.ChinaCalendar.Today(time), catalog, regions, now, cancellationToken);
            await DashboardSummaries.MarkPendingAsync(db, [before], now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new QueueOutcome.Confirmed(personId, before, county!);
    }
}
