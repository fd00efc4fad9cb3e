using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.NewbornData;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>A newborn file merged into the child's file when a population extract brings the ID number — and only then.</summary>
public sealed class NewbornMergeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserScope Clerk => UserScope.For("clerk.nb", Roles.Clerk, "130102", Regions.RegionDirectory.Shipped, "10.0.0.1");

    [Fact]
    public async Task NewbornFile_MergedWhenItsIdArrives_ByCertificate_OneFileAudited_NothingDoubled()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var lists = new NewbornLists(database.ContextFactory, files.Catalogs, files.Clock);
        var mother = Id("130102", "1993-01-01");
        await ImportAsync(importer, ImportKind.Births, BirthsCsv([Birth("O130000101", "2026-08-20", null, mother)]));
        var before = Assert.IsType<NewbornsOutcome.Listed>(await lists.PageAsync(Clerk, "130102", 0, 50, Ct));

        var child = Id("130102", "2026-08-20");
        var population = PopulationCsv([(Row(mother, "母亲甲", "130102", "130102001", "NB01"), null), (Row(child, "张小一", "130102", "130102001", "NB01"), "O130000101")]);
        var run = await ImportAsync(importer, ImportKind.Population, population);
        var again = await ImportAsync(importer, ImportKind.Population,
            PopulationCsv([(Row(child, "张小一", "130102", "130102001", "NB01"), "O130000101"), (Row(mother, "母亲甲", "130102", "130102001", "NB01"), null)]));

        var childId = await files.QueryAsync(db => db.Persons.Where(p => p.IdNumber == child).Select(p => p.Id).SingleAsync(Ct));
        var file = await files.QueryAsync(db => db.NewbornFiles.AsNoTracking().SingleAsync(Ct));
        Assert.Equal((childId, (long?)run.Id, true), (file.PersonId!.Value, file.MergedByImportId, file.MergedAt is not null));
        Assert.Equal((1L, 0L), (run.NewbornsMerged, again.NewbornsMerged));
        Assert.Equal(1, await files.QueryAsync(db => db.Persons.CountAsync(p => p.IdNumber == child, Ct)));
        // The certificate, the mother and the birth residence stay on record with the person.
        Assert.Equal(("O130000101", mother, "130102001"), (file.CertificateNumber, file.MotherIdNumber, file.Township));
        var audit = Assert.Single(await files.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "newborn-merged").ToListAsync(Ct)));
        Assert.Equal((childId, "admin1"), (audit.PersonId!.Value, audit.UserName));
        Assert.Contains($"\"newbornFile\": {file.Id}", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"rule\": \"certificate\"", audit.Details, StringComparison.Ordinal);

        // Listed once before (by certificate) and once after (by ID number): the same child, never both.
        var entry = Assert.Single(before.Rows);
        Assert.Equal((NewbornSource.Certificate, file.Id), (entry.Source, entry.Id));
        var after = Assert.IsType<NewbornsOutcome.Listed>(await lists.PageAsync(Clerk, "130102", 0, 50, Ct));
        var merged = Assert.Single(after.Rows);
        Assert.Equal((NewbornSource.Person, childId, Domain.Persons.IdNumber.Parse(mother).Masked), (merged.Source, merged.Id, merged.MotherIdNumber));
    }

    [Fact]
    public async Task NewbornFile_MergedByMotherAndBirthDate_WhenExactlyOneChildAndOneFileFit()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var mother = Id("130102", "1992-02-02");
        await ImportAsync(importer, ImportKind.Births, BirthsCsv([Birth("O130000201", "2026-09-10", "李小明", mother), Birth("O130000202", "2026-09-10", "李小红", mother)]));
        var (ming, hong) = (Id("130102", "2026-09-10"), Id("130102", "2026-09-10"));

        var run = await ImportAsync(importer, ImportKind.Population, Csv(
        [
            Row(mother, "母亲乙", "130102", "130102001", "NB02"),
            Row(ming, "李小明", "130102", "130102001", "NB02"),
            Row(hong, "李小红", "130102", "130102001", "NB02"),
        ]));

        var byPerson = await files.QueryAsync(db => db.NewbornFiles.Join(db.Persons, n => n.PersonId, p => p.Id, (n, p) => new { n.CertificateNumber, p.IdNumber }).ToDictionaryAsync(x => x.CertificateNumber, x => x.IdNumber, Ct));
        Assert.Equal(2L, run.NewbornsMerged);
        Assert.Equal((ming, hong), (byPerson["O130000201"], byPerson["O130000202"]));
        var audits = await files.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "newborn-merged").Select(e => e.Details!).ToListAsync(Ct));
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.Contains("\"rule\": \"mother\"", a, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewbornFile_NotMergedOnAGuess_TwinsWithoutNamesAndADisagreeingCertificateGoToTheReviewQueue()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var (mother, other) = (Id("130102", "1991-03-03"), Id("130102", "1990-04-04"));
        await ImportAsync(importer, ImportKind.Births, BirthsCsv(
        [
            Birth("O130000301", "2026-10-10", null, mother),
            Birth("O130000302", "2026-10-10", null, mother),
            Birth("O130000303", "2026-10-11", null, other),
        ]));
        var (twinA, twinB, late) = (Id("130102", "2026-10-10"), Id("130102", "2026-10-10"), Id("130102", "2026-10-12"));

        var run = await ImportAsync(importer, ImportKind.Population, PopulationCsv(
        [
            (Row(mother, "母亲丙", "130102", "130102001", "NB03"), null),
            (Row(twinA, "双胞甲", "130102", "130102001", "NB03"), null),
            (Row(twinB, "双胞乙", "130102", "130102001", "NB03"), null),
            (Row(other, "母亲丁", "130102", "130102001", "NB04"), null),
            // The certificate names a child born a day earlier than this ID number says.
            (Row(late, "晚一天", "130102", "130102001", "NB04"), "O130000303"),
        ]));

        Assert.Equal(0L, run.NewbornsMerged);
        Assert.Equal(3, await files.QueryAsync(db => db.NewbornFiles.CountAsync(n => n.PersonId == null, Ct)));
        Assert.Equal(0, await files.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == "newborn-merged", Ct)));
        var queued = await files.QueryAsync(db => db.ReviewQueueItems.Where(i => i.Kind == ReviewQueueItemKind.NewbornUnmatched)
            .Join(db.Persons, i => i.PersonId, p => p.Id, (i, p) => new { p.IdNumber, i.Details }).ToListAsync(Ct));
        Assert.Equal(new[] { twinA, twinB, late }.Order(StringComparer.Ordinal), queued.Select(q => q.IdNumber).Order(StringComparer.Ordinal));
        Assert.Contains("\"disagrees\": true", queued.Single(q => q.IdNumber == late).Details, StringComparison.Ordinal);
        Assert.Contains("\"files\": 2", queued.Single(q => q.IdNumber == twinA).Details, StringComparison.Ordinal);
    }
}
