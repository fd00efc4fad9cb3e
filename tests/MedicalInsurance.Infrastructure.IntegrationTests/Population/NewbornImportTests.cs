using MedicalInsurance.Infrastructure.Imports;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.NewbornData;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>The births extract (出生一件事): newborn files keyed by the birth certificate, before any ID number exists.</summary>
public sealed class NewbornImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Births_MixedExtract_MakesNewbornFiles_AndRefusesTheBadByLineFieldAndReason()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var (motherA, motherB, motherC) = (Files.NewIdNumber("130102", "1995-03-03"), Files.NewIdNumber("130102", "1996-04-04"), Files.NewIdNumber("130102", "1997-05-05"));
        var badCheck = motherB[..17] + (motherB[17] == '1' ? '2' : '1');
        var path = BirthsCsv(
        [
            Birth("O130000001", "2026-10-01", "王宝宝", motherA),
            Birth("o130000002", "2026/10/2", null, motherB, township: null),
            Birth("13000003", "2026-10-03", null, motherB),
            Birth("P130000004", "2026-10-03", null, badCheck),
            Birth("O130000001", "2026-10-01", "王宝宝", motherA),
            Birth("O130000002", "2026-10-05", null, motherB, township: null),
            Birth("Q130000005", "2026-12-01", null, motherC),
            Birth("Q130000006", "2026-10-05", null, motherC, "110101", null),
            Birth("Q130000007", "2026-10-06", null, motherC, "130102", "130123001"),
            Birth("Q130000008", "2026-10-06", null, Files.NewIdNumber("130102", "2026-10-07")),
        ]);

        var run = await ImportAsync(importer, ImportKind.Births, path);

        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).OrderBy(e => e.Line).Select(e => new { e.Line, e.Field, e.Reason }).ToListAsync(Ct));
        Assert.Equal((10L, 2L, 0L, 1L, 7L, 0L), (run.Rows, run.Inserted, run.Updated, run.Unchanged, run.Errors, run.PersonsCreated));
        Assert.Equal([(4L, "certificate"), (5L, "motherIdNumber"), (7L, "certificate"), (8L, "birthDate"), (9L, "residenceCounty"), (10L, "residenceTownship"), (11L, "motherIdNumber")],
            errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("1位字母加9位数字", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("校验位不正确", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("已有第3行", errors[2].Reason, StringComparison.Ordinal);
        Assert.Contains("不在本系统所辖省份", errors[4].Reason, StringComparison.Ordinal);
        Assert.Contains("不早于婴儿的出生日期", errors[6].Reason, StringComparison.Ordinal);

        var stored = await files.QueryAsync(db => db.NewbornFiles.AsNoTracking().OrderBy(n => n.CertificateNumber).ToListAsync(Ct));
        Assert.Equal(
            [("O130000001", "王宝宝", new DateOnly(2026, 10, 1), motherA, "130102", "130102001"), ("O130000002", (string?)null, new DateOnly(2026, 10, 2), motherB, "130102", (string?)null)],
            stored.Select(n => (n.CertificateNumber, n.Name, n.BirthDate, n.MotherIdNumber, n.County, n.Township)));
        Assert.All(stored, n => Assert.Equal((run.Id, (long?)null), (n.ImportId, n.PersonId)));
        // No file of a person is made from a birth: the child has no ID number yet.
        Assert.Equal(0, await files.QueryAsync(db => db.Persons.CountAsync(Ct)));
        var audit = await files.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "import").Select(e => e.Details).SingleAsync(Ct));
        Assert.Contains("\"kind\": \"Births\"", audit, StringComparison.Ordinal);
        Assert.Contains("\"inserted\": 2", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Births_SameFileTwiceChangesNothing_AndALaterExtractRevisesAnOpenFileAudited()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var mother = Files.NewIdNumber("130102", "1994-02-02");
        var first = BirthsCsv([Birth("K130000011", "2026-09-01", null, mother), Birth("K130000012", "2026-09-02", null, mother)]);
        await ImportAsync(importer, ImportKind.Births, first);

        var again = Assert.IsType<ImportOutcome.AlreadyImported>(await importer.ImportAsync(ImportKind.Births, first, "again.csv", Admin, null, Ct));
        var later = await ImportAsync(importer, ImportKind.Births, BirthsCsv([Birth("K130000011", "2026-09-01", "李小花", mother), Birth("K130000012", "2026-09-02", null, mother)]));
        var sameRowsAgain = await ImportAsync(importer, ImportKind.Births, BirthsCsv([Birth("K130000011", "2026-09-01", "李小花", mother), Birth("K130000012", "2026-09-02", null, mother), Birth("K130000012", "2026-09-02", null, mother)]));

        Assert.Contains("本次未做任何更改", again.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 1L, 1L, 0L), (later.Inserted, later.Updated, later.Unchanged, later.Errors));
        Assert.Equal((0L, 0L, 3L, 0L), (sameRowsAgain.Inserted, sameRowsAgain.Updated, sameRowsAgain.Unchanged, sameRowsAgain.Errors));
        Assert.Equal([("K130000011", "李小花"), ("K130000012", (string?)null)],
            (await files.QueryAsync(db => db.NewbornFiles.OrderBy(n => n.CertificateNumber).Select(n => new { n.CertificateNumber, n.Name }).ToListAsync(Ct))).Select(n => (n.CertificateNumber, n.Name)));
        var revised = Assert.Single(await files.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "newborn-revised").Select(e => e.Details!).ToListAsync(Ct)));
        Assert.Contains("\"after\": {\"name\": \"李小花\"", revised, StringComparison.Ordinal);
        Assert.Contains("\"before\": {\"name\": null", revised, StringComparison.Ordinal);
        // The mother's ID number is kept out of the audit's text but for its last four characters.
        Assert.DoesNotContain(mother, revised, StringComparison.Ordinal);
        Assert.Contains("**************" + mother[^4..], revised, StringComparison.Ordinal);
    }
}
