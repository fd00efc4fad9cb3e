using System.Text;
using System.Text.Json;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>The review queue: what an import created for review or found disagreeing is listed for the county, checked by a clerk, and leaves.</summary>
public sealed class ReviewQueueTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static readonly Actor Admin = new("admin1", "127.0.0.1");

    private readonly Files _files = new(database.ContextFactory);

    private ReviewQueue Queue => new(database.ContextFactory, _files.Catalogs, _files.Clock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Queue_AnImportsNewFileAndDisagreeingRows_AreListedForTheCounty_AndLeaveItWhenAClerkConfirmsOrCorrects_Audited()
    {
        var existing = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2026);
        var existingId = await _files.QueryAsync(db => db.Persons.Where(p => p.Id == existing).Select(p => p.IdNumber).SingleAsync(Ct));
        var newId = Files.NewIdNumber("130102", "2001-03-04");
        var path = ImportFiles.Csv(
        [
            ImportFiles.PaymentHeader,
            [newId, "欧阳新华", 2027, "2026-11-02", 400, "居民", "普通", "130102"],
            [existingId, "别的名字", 2027, "2026-11-02", 400, "居民", "", "130102"],
            [existingId, "测试人", 2026, "2026-01-05", 400, "居民", "", "130102"],
        ], new UTF8Encoding(false));
        var run = Assert.IsType<ImportOutcome.Imported>(await new Importer(database.DataSource, _files.Catalogs, _files.Clock).ImportAsync(ImportKind.Payments, path, "税务0301.csv", Admin, null, Ct)).Run;
        var created = await _files.QueryAsync(db => db.Persons.Where(p => p.IdNumber == newId).Select(p => p.Id).SingleAsync(Ct));

        var (entries, _) = await Queue.ListAsync(Files.Clerk(), Ct);

        var made = Assert.Single(entries, e => e.PersonId == created);
        var check = Assert.Single(made.Checks);
        Assert.Equal((ReviewQueueItemKind.Created, (long?)run.Id, "税务0301.csv"), (check.Kind, check.ImportId, check.FileName));
        Assert.False(await _files.QueryAsync(db => db.ReviewQueueItems.AnyAsync(i => i.PersonId == created, Ct)));
        Assert.Equal(("欧**华", "130102"), (made.MaskedName, made.HouseholdCounty));
        var disagreed = Assert.Single(entries, e => e.PersonId == existing);
        Assert.Equal([(ReviewQueueItemKind.NameDiffers, 3L), (ReviewQueueItemKind.RecordDiffers, 4L)], disagreed.Checks.Select(c => (c.Kind, c.Line!.Value)));
        Assert.Equal("别的名字", Json(disagreed.Checks[0].Details, "name"));
        Assert.Equal(("2026", "2026-01-05", "2025-11-01"), (Json(disagreed.Checks[1].Details, "year"), Json(disagreed.Checks[1].Details, "paidOn"), Json(disagreed.Checks[1].Details, "storedPaidOn")));
        Assert.DoesNotContain((await Queue.ListAsync(Files.Clerk("clerk.daoli", "230102"), Ct)).Entries, e => e.PersonId == created || e.PersonId == existing);

        // The existing file checked as it is: its county confirmed, its items resolved.
        var confirmed = Assert.IsType<QueueOutcome.Confirmed>(await Queue.ConfirmAsync(existing, "130102", Files.Clerk(), Ct));
        Assert.Equal(("130102", "130102"), (confirmed.CountyBefore, confirmed.County));
        Assert.True(await _files.QueryAsync(db => db.ReviewQueueItems.Where(i => i.PersonId == existing).AllAsync(i => i.ResolvedBy == "clerk1" && i.ResolvedAt != null, Ct)));
        Assert.IsType<QueueOutcome.NotQueued>(await Queue.ConfirmAsync(existing, "130102", Files.Clerk(), Ct));

        // The new file's household county corrected: moved, recomputed, both counties' figures marked.
        await _files.QueryAsync(db => db.DashboardPending.ExecuteDeleteAsync(Ct));
        var corrected = Assert.IsType<QueueOutcome.Confirmed>(await Queue.ConfirmAsync(created, "130104", Files.Clerk(), Ct));

        Assert.Equal(("130102", "130104"), (corrected.CountyBefore, corrected.County));
        var person = await _files.QueryAsync(db => db.Persons.SingleAsync(p => p.Id == created, Ct));
        Assert.Equal(("130104", false), (person.HouseholdCounty, person.NeedsReview));
        Assert.True(await _files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == created).AllAsync(r => r.HouseholdCounty == "130104", Ct)));
        Assert.True(await _files.QueryAsync(db => db.ComputedResults.AnyAsync(r => r.PersonId == created && r.Year == 2027 && r.ResidentInsured, Ct)));
        Assert.Equal(["130102", "130104"], await _files.QueryAsync(db => db.DashboardPending.Select(p => p.County).OrderBy(c => c).ToListAsync(Ct)));
        var audits = await _files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "queueConfirm" && (a.PersonId == created || a.PersonId == existing)).OrderBy(a => a.Id).ToListAsync(Ct));
        Assert.Equal([existing, created], audits.Select(a => a.PersonId!.Value));
        Assert.All(audits, a => Assert.Equal(("clerk1", "130102"), (a.UserName, Json(a.Details, "countyBefore"))));
        Assert.Equal("130104", Json(audits[1].Details, "county"));

        var (after, _) = await Queue.ListAsync(Files.Clerk(), Ct);
        Assert.DoesNotContain(after, e => e.PersonId == created || e.PersonId == existing);
        Assert.DoesNotContain((await Queue.ListAsync(Files.Clerk("clerk.qiaoxi", "130104"), Ct)).Entries, e => e.PersonId == created);
    }

    [Fact]
    public async Task Confirm_ByASupervisor_OutsideScope_ToACountyNotServed_OrNotQueued_IsRefused_AndChangesNothing()
    {
        var id = await _files.AddPersonAsync("130102", "1990-01-02", 2026);
        await _files.QueryAsync(db => db.Persons.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.NeedsReview, true), Ct));
        var notQueued = await _files.AddPersonAsync("130102", "1990-01-03", 2026);

        Assert.IsType<QueueOutcome.NotAllowed>(await Queue.ConfirmAsync(id, "130102", UserScope.For("supervisor1", Roles.Supervisor, "130100", RegionDirectory.Shipped), Ct));
        Assert.IsType<QueueOutcome.NotFound>(await Queue.ConfirmAsync(id, "230102", Files.Clerk("clerk.daoli", "230102"), Ct));
        Assert.IsType<QueueOutcome.Invalid>(await Queue.ConfirmAsync(id, "110105", Files.Clerk(), Ct));
        Assert.IsType<QueueOutcome.Invalid>(await Queue.ConfirmAsync(id, "13010", Files.Clerk(), Ct));
        Assert.IsType<QueueOutcome.NotQueued>(await Queue.ConfirmAsync(notQueued, "130102", Files.Clerk(), Ct));

        var person = await _files.QueryAsync(db => db.Persons.SingleAsync(p => p.Id == id, Ct));
        Assert.Equal(("130102", true), (person.HouseholdCounty, person.NeedsReview));
        // A file flagged for review not by an import (no run started when it was created) is listed all the same, to check its county.
        var entry = Assert.Single((await Queue.ListAsync(Files.Clerk(), Ct)).Entries, e => e.PersonId == id);
        Assert.Equal((ReviewQueueItemKind.Created, (long?)null), (Assert.Single(entry.Checks).Kind, entry.Checks[0].ImportId));
        Assert.False(await _files.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.PersonId == id && a.Action == "queueConfirm", Ct)));
    }

    private static string? Json(string? details, string name)
    {
        using var document = JsonDocument.Parse(details ?? "{}");
        return document.RootElement.TryGetProperty(name, out var value) ? value.ToString() : null;
    }
}
