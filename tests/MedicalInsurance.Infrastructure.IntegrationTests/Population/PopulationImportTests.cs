using System.Text;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

public sealed class PopulationImportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Admin = new("admin1", "127.0.0.1");

    private static async Task<(MigratedDatabase Database, Files Files, Importer Importer)> FreshAsync()
    {
        var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        return (database, files, new Importer(database.DataSource, files.Catalogs, files.Clock));
    }

    private static async Task<ImportRun> ImportAsync(Importer importer, string path) =>
        Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Population, path, Path.GetFileName(path), Admin, null, Ct)).Run;

    private static async Task<string> IdOfAsync(Files files, long personId) =>
        await files.QueryAsync(db => db.Persons.Where(p => p.Id == personId).Select(p => p.IdNumber).SingleAsync(Ct));

    public static TheoryData<string> Formats() => new() { "csv-utf8", "csv-gbk", "xlsx" };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Population_MixedExtract_MakesFilesWithHouseholdTownshipsAndStatus_AndRefusesTheBadByLineFieldAndReason(string format)
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var fromPayments = await files.AddPersonAsync("130102", "1975-02-03", 2026);
        await files.QueryAsync(db => db.Persons.Where(p => p.Id == fromPayments).ExecuteUpdateAsync(s => s.SetProperty(p => p.NeedsReview, true), Ct));
        var otherName = await files.AddPersonAsync("130102", "1975-02-03", 2026);
        var (a, b, c, d) = (Id("130102", "1960-01-01"), Id("130102", "1962-03-04"), Id("130102", "1930-05-06"), Id("130123", "1990-07-08"));
        var rows = new List<object?[]>
        {
            Row(a, "王建国", "130102", "130102001", "H0001"),
            Row(b, "李秀英", "130102", "130102001", "H0001", residenceCounty: "230102", residenceTownship: "230102001"),
            Row(c, "王老汉", "130102", "130102001", "H0001", "死亡", "2026-03-01"),
            Row(d, "赵小明", "130123", "130123999", "H0002"),
            Row(await IdOfAsync(files, fromPayments), "测试人", "130123", "130123100", "H0002"),
            Row(await IdOfAsync(files, otherName), "别人", "130102", "130102002", "H0003"),
            Row(Id("130102", "1961-01-01"), "错乡镇", "130102", "130123100", "H0004"),
            Row(Id("130102", "1961-01-02"), "错居住", "130102", "130102001", "H0004", residenceTownship: "999999001"),
            Row(Id("130102", "1961-01-03"), "无日期", "130102", "130102001", "H0004", "迁出"),
            Row(Id("130102", "1961-01-04"), "怪状态", "130102", "130102001", "H0004", "失踪"),
            Row(a, "王建国", "130102", "130102001", "H0001"),
            Row(d, "赵小明", "130123", "130123100", "H0009"),
            WrongSex(Id("130102", "1961-01-05")),
        };
        var path = format switch
        {
            "csv-utf8" => Csv(rows),
            "csv-gbk" => Csv(rows, Encoding.GetEncoding("GBK")),
            _ => await ImportFiles.XlsxAsync(Header, rows),
        };

        var run = await ImportAsync(importer, path);

        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).OrderBy(e => e.Line).Select(e => new { e.Line, e.Field, e.Reason }).ToListAsync(Ct));
        Assert.Equal(format == "csv-gbk" ? "GB18030" : format == "xlsx" ? "xlsx" : "UTF-8", run.Encoding);
        Assert.Equal((13L, 3L, 1L, 2L, 7L, 3L, 1L), (run.Rows, run.Inserted, run.Updated, run.Unchanged, run.Errors, run.PersonsCreated, run.FlaggedTownships));
        Assert.Equal([(7L, "name"), (8L, "householdTownship"), (9L, "residenceCounty"), (10L, "statusDate"), (11L, "status"), (13L, "idNumber"), (14L, "sex")],
            errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("不属于县（区）130102", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("已有第5行", errors[5].Reason, StringComparison.Ordinal);

        var persons = await files.QueryAsync(db => db.Persons.AsNoTracking().Where(p => p.PopulationImportId == run.Id).ToDictionaryAsync(p => p.IdNumber, Ct));
        Assert.Equal(4, persons.Count);
        Assert.DoesNotContain(c, persons.Keys);
        Assert.Equal(("130102", "130102001", "H0001", (string?)null, "130102", "130102001", PersonStatus.Present, false),
            (persons[a].HouseholdCounty, persons[a].HouseholdTownship, persons[a].HouseholdNumber, persons[a].ResidenceCounty, persons[a].LivesInCounty, persons[a].LivesInTownship, persons[a].Status, persons[a].NeedsReview));
        Assert.Equal(("230102", "230102001", "230102", "230102001"), (persons[b].ResidenceCounty, persons[b].ResidenceTownship, persons[b].LivesInCounty, persons[b].LivesInTownship));
        Assert.Equal(("130123", "130123999"), (persons[d].HouseholdCounty, persons[d].HouseholdTownship));
        var updated = persons[await IdOfAsync(files, fromPayments)];
        Assert.Equal(("130123", "130123100", "H0002", false), (updated.HouseholdCounty, updated.HouseholdTownship, updated.HouseholdNumber, updated.NeedsReview));

        var flagged = await files.QueryAsync(db => db.Townships.AsNoTracking().SingleAsync(t => t.Code == "130123999", Ct));
        Assert.Equal((null, "130123", false, (long?)run.Id), (flagged.Name, flagged.County, flagged.Reference, flagged.FirstImportId));
        // The file whose registered county moved is recomputed: its results carry the new county.
        Assert.Equal(["130123"], await files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == fromPayments).Select(r => r.HouseholdCounty).Distinct().ToListAsync(Ct)));
        Assert.True(await files.QueryAsync(db => db.ComputedResults.AnyAsync(r => r.PersonId == persons[a].Id && r.Year == 2027 && !r.Insured, Ct)));
        Assert.Equal(RunStatus.Done, (await files.QueryAsync(db => db.ImportRuns.SingleAsync(r => r.Id == run.Id, Ct))).Status);
        var audit = await files.QueryAsync(db => db.AuditEntries.Where(e => e.Action == "import").Select(e => e.Details).SingleAsync(Ct));
        Assert.Contains("\"flaggedTownships\": 1", audit, StringComparison.Ordinal);
    }

    /// <summary>A row whose 性别 is the other one than the ID number's.</summary>
    private static object?[] WrongSex(string id)
    {
        var row = Row(id, "错性别", "130102", "130102001", "H0004");
        row[2] = (string)row[2]! == "男" ? "女性" : "男性";
        return row;
    }

    [Fact]
    public async Task Population_TheSameFileTwice_ChangesNothingTheSecondTime()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var path = Csv([Row(Id("130102", "1960-02-01"), "王一", "130102", "130102001", "H1")]);
        await ImportAsync(importer, path);

        var again = Assert.IsType<ImportOutcome.AlreadyImported>(await importer.ImportAsync(ImportKind.Population, path, "again.csv", Admin, null, Ct));

        Assert.Contains("本次未做任何更改", again.Message, StringComparison.Ordinal);
        Assert.Equal(1, await files.QueryAsync(db => db.Persons.CountAsync(Ct)));
    }

    [Fact]
    public async Task Population_LaterExtracts_DeathIsFinal_MoveOutEndsTheDuty_AndAStaleMoveOutChangesNothing()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var (a, b) = (Id("130102", "1960-03-01"), Id("130102", "1960-03-02"));
        await ImportAsync(importer, Csv([Row(a, "王甲", "130102", "130102001", "H1"), Row(b, "王乙", "130102", "130102001", "H1")]));

        var second = await ImportAsync(importer, Csv([Row(a, "王甲", "130102", "130102001", "H1", "迁出", "2026-06-01"), Row(b, "王乙", "130102", "130102001", "H1", "死亡", "2026-05-01")]));
        var third = await ImportAsync(importer, Csv([Row(a, "王甲", "130123", "130123100", "Z7", "正常", "2026-06-05"), Row(b, "王乙", "130102", "130102001", "H1")]));
        var fourth = await ImportAsync(importer, Csv([Row(a, "王甲", "130102", "130102001", "H1", "迁出", "2026-07-01")]));

        Assert.Equal((2L, 0L), (second.Updated, second.Errors));
        Assert.Equal((1L, 1L), (third.Updated, third.Errors));
        Assert.Contains("死亡", await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == third.Id).Select(e => e.Reason).SingleAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal((0L, 1L, 0L), (fourth.Updated, fourth.Unchanged, fourth.Errors));
        var persons = await files.QueryAsync(db => db.Persons.AsNoTracking().ToDictionaryAsync(p => p.IdNumber, Ct));
        Assert.Equal(("130123", "Z7", PersonStatus.Present, new DateOnly(2026, 6, 5)), (persons[a].HouseholdCounty, persons[a].HouseholdNumber, persons[a].Status, persons[a].StatusDate!.Value));
        Assert.Equal((PersonStatus.Deceased, new DateOnly(2026, 5, 1)), (persons[b].Status, persons[b].StatusDate!.Value));
    }

    [Fact]
    public async Task Population_WithoutTheRequiredColumns_IsRefusedAsAWhole_NamingThem()
    {
        var (database, _, importer) = await FreshAsync();
        await using var _ = database;
        var path = ImportFiles.Csv([["身份证号", "姓名", "户籍地区"], [Id("130102", "1960-04-01"), "王", "130102"]], new UTF8Encoding(false));

        var refused = Assert.IsType<ImportOutcome.NotATable>(await importer.ImportAsync(ImportKind.Population, path, "p.csv", Admin, null, Ct));

        Assert.Contains("不是人口信息表：缺少列 户籍乡镇、户号、状态", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Townships_TheShippedList_IsLoaded_EachInsideAKnownCounty()
    {
        var database = new MigratedDatabase();
        await database.InitializeAsync();
        await using var _ = database;
        var files = new Files(database.ContextFactory);

        var (stored, outside) = await files.QueryAsync(async db => (
            await db.Townships.CountAsync(t => t.Reference, Ct),
            await db.Townships.CountAsync(t => !db.Regions.Any(r => r.Code == t.County), Ct)));

        Assert.Equal(41_352, TownshipData.Shipped.Count);
        Assert.Equal(TownshipData.Shipped.Count, stored);
        Assert.Equal(0, outside);
        Assert.All(TownshipData.Shipped, t => Assert.True(t.Code.Length == 9 && t.Code.StartsWith(t.County, StringComparison.Ordinal) && RegionDirectory.Shipped.IsCountyLevel(t.County), t.Code));
        Assert.Equal("建北街道", TownshipData.Shipped.Single(t => t.Code == "130102001").Name);
    }
}
