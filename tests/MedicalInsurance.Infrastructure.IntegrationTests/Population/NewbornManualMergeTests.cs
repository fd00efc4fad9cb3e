using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.NewbornData;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// A clerk merges a newborn file by hand where the population merge could not decide: twins without names put the child
/// on the review queue with two candidate files; the clerk picks one, or types the child's ID number on the newborns list.
/// </summary>
public sealed class NewbornManualMergeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserScope Clerk(string county = "130102", string user = "clerk.merge") => UserScope.For(user, Roles.Clerk, county, Regions.RegionDirectory.Shipped, "10.0.0.1");

    private sealed record Twins(Testing.MigratedDatabase Db, Files Files, NewbornMerges Merges, long FileA, long FileB, long TwinA, long TwinB, string TwinAId, long Other);

    /// <summary>Twins without names born on 2026-10-10 to one mother, both on file by ID number, neither file merged; and a child of 2026-10-11 elsewhere in the county.</summary>
    private static async Task<Twins> TwinsAsync()
    {
        var (database, files, importer) = await FreshAsync();
        var mother = Id("130102", "1991-03-03");
        await ImportAsync(importer, ImportKind.Births, BirthsCsv([Birth("O130000501", "2026-10-10", null, mother), Birth("O130000502", "2026-10-10", null, mother)]));
        var (twinA, twinB, other) = (Id("130102", "2026-10-10"), Id("130102", "2026-10-10"), Id("130102", "2026-10-11"));
        await ImportAsync(importer, ImportKind.Population, Csv(
        [
            Row(mother, "母亲戊", "130102", "130102001", "NB05"),
            Row(twinA, "双胞丙", "130102", "130102001", "NB05"),
            Row(twinB, "双胞丁", "130102", "130102001", "NB05"),
            Row(other, "别家子", "130102", "130102002", "NB06"),
        ]));
        var persons = await files.QueryAsync(db => db.Persons.ToDictionaryAsync(p => p.IdNumber, p => p.Id, Ct));
        var newborns = await files.QueryAsync(db => db.NewbornFiles.ToDictionaryAsync(n => n.CertificateNumber, n => n.Id, Ct));
        return new Twins(database, files, new NewbornMerges(database.ContextFactory, files.Clock),
            newborns["O130000501"], newborns["O130000502"], persons[twinA], persons[twinB], twinA, persons[other]);
    }

    [Fact]
    public async Task Merge_FromTheQueue_PointsTheFileAtThePerson_Audited_AndTheQueueItemLeaves_AndTheChildIsListedOnce()
    {
        var t = await TwinsAsync();
        await using var _ = t.Db;
        var queue = new ReviewQueue(t.Db.ContextFactory, t.Files.Catalogs, t.Files.Clock);
        var lists = new UninsuredLists(t.Db.ContextFactory, t.Files.Catalogs, t.Files.Clock);
        var (queued, _) = await queue.ListAsync(Clerk(), Ct);
        var candidates = await t.Merges.CandidatesAsync(Clerk(), t.TwinA, Ct);

        var outcome = await t.Merges.MergeIntoAsync(Clerk(), t.FileA, t.TwinA, Ct);

        Assert.Equal([t.TwinA, t.TwinB], queued.Where(e => e.Checks.Any(c => c.Kind == ReviewQueueItemKind.NewbornUnmatched)).Select(e => e.PersonId).Order());
        Assert.Equal([(t.FileA, "O*****0501"), (t.FileB, "O*****0502")], candidates.Select(c => (c.NewbornFileId, c.MaskedCertificate)));
        Assert.Equal(new NewbornMergeOutcome.Merged(t.FileA, t.TwinA, 1), outcome);
        var file = await t.Files.QueryAsync(db => db.NewbornFiles.AsNoTracking().SingleAsync(n => n.Id == t.FileA, Ct));
        Assert.Equal((t.TwinA, (long?)null, true), (file.PersonId!.Value, file.MergedByImportId, file.MergedAt is not null));
        var audit = Assert.Single(await t.Files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "newborn-merged").ToListAsync(Ct)));
        Assert.Equal(("clerk.merge", t.TwinA), (audit.UserName, audit.PersonId!.Value));
        Assert.Contains($"\"newbornFile\": {t.FileA}", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"certificate\": \"O*****0501\"", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"rule\": \"clerk\"", audit.Details, StringComparison.Ordinal);
        var (after, _) = await queue.ListAsync(Clerk(), Ct);
        Assert.DoesNotContain(t.TwinA, after.Select(e => e.PersonId));
        Assert.Contains(t.TwinB, after.Select(e => e.PersonId));
        // The merged child is listed once, as the person; the other twin's file is still listed by its certificate.
        var page = Assert.IsType<UninsuredOutcome.Listed>(await lists.PageAsync(Clerk(), "130102", 2026, ListDuty.Registered, 0, 50, Ct));
        Assert.Single(page.Rows, r => r.Source == NewbornSource.Person && r.PersonId == t.TwinA);
        Assert.DoesNotContain(page.Rows, r => r.Source == NewbornSource.Certificate && r.PersonId == t.FileA);
        Assert.Contains(page.Rows, r => r.Source == NewbornSource.Certificate && r.PersonId == t.FileB);
    }

    [Fact]
    public async Task Merge_ByIdNumber_FromTheNewbornsList_IsAccepted()
    {
        var t = await TwinsAsync();
        await using var _ = t.Db;

        var outcome = await t.Merges.MergeAsync(Clerk(), t.FileB, $" {t.TwinAId} ", Ct);

        Assert.Equal(new NewbornMergeOutcome.Merged(t.FileB, t.TwinA, 1), outcome);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "not an ID number", "12345", "身份证号码须为18位" },
        { "another birth date", "other", "出生日期不符：出生医学证明为2026-10-10，该档案为2026-10-11" },
        { "no such person", Id("130102", "2026-10-10"), "您的辖区内没有该身份证号的档案" },
        { "the person has a newborn file already", "twinB-merged", "该档案已并入另一份出生医学证明" },
        { "the file is merged already", "file-merged", "该出生医学证明已并入档案" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Merge_BadInputOrAFailedCheck_IsRefusedInChinese_AndNothingIsWritten(string label, string input, string message)
    {
        var t = await TwinsAsync();
        await using var _ = t.Db;
        var target = t.FileA;
        if (input == "twinB-merged" || input == "file-merged")
        {
            Assert.IsType<NewbornMergeOutcome.Merged>(await t.Merges.MergeIntoAsync(Clerk(), t.FileB, t.TwinB, Ct));
            target = input == "file-merged" ? t.FileB : t.FileA;
        }

        var idNumber = input switch
        {
            "other" => await t.Files.QueryAsync(db => db.Persons.Where(p => p.Id == t.Other).Select(p => p.IdNumber).SingleAsync(Ct)),
            "twinB-merged" or "file-merged" => await t.Files.QueryAsync(db => db.Persons.Where(p => p.Id == t.TwinB).Select(p => p.IdNumber).SingleAsync(Ct)),
            _ => input,
        };
        var before = await StateAsync(t);

        var outcome = await t.Merges.MergeAsync(Clerk(), target, idNumber, Ct);

        Assert.Contains(message, Assert.IsType<NewbornMergeOutcome.Invalid>(outcome).Message, StringComparison.Ordinal);
        Assert.True(before == await StateAsync(t), label);
    }

    [Fact]
    public async Task Merge_OutsideTheClerksScope_IsNotFound_AndASupervisorMayNotMerge()
    {
        var t = await TwinsAsync();
        await using var _ = t.Db;
        var before = await StateAsync(t);

        var outside = await t.Merges.MergeIntoAsync(Clerk("130123", "clerk.other"), t.FileA, t.TwinA, Ct);
        var supervisor = await t.Merges.MergeIntoAsync(UserScope.For("sup", Roles.Supervisor, "130100", Regions.RegionDirectory.Shipped, null), t.FileA, t.TwinA, Ct);
        var candidates = await t.Merges.CandidatesAsync(Clerk("130123", "clerk.other"), t.TwinA, Ct);

        Assert.IsType<NewbornMergeOutcome.NotFound>(outside);
        Assert.IsType<NewbornMergeOutcome.NotAllowed>(supervisor);
        Assert.Empty(candidates);
        Assert.Equal(before, await StateAsync(t));
    }

    /// <summary>What a merge writes: the files' persons, the open queue items and the merge audits.</summary>
    private static async Task<string> StateAsync(Twins t) => await t.Files.QueryAsync(async db => string.Join(";",
        string.Join(",", await db.NewbornFiles.OrderBy(n => n.Id).Select(n => $"{n.Id}:{n.PersonId}:{n.MergedAt}").ToListAsync(Ct)),
        await db.ReviewQueueItems.CountAsync(i => i.ResolvedAt == null, Ct),
        await db.AuditEntries.CountAsync(a => a.Action == "newborn-merged", Ct)));
}
