using System.Globalization;
using System.Text;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Import files written by the tests: CSV in UTF-8 (with or without BOM) or GB18030, and .xlsx with typed cells.</summary>
internal static class ImportFiles
{
    static ImportFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static readonly string[] PaymentHeader = ["身份证号", "姓名", "参保年度", "缴费日期", "缴费金额", "险种", "人员类别", "缴费地区"];

    public static string Csv(IEnumerable<object?[]> rows, Encoding encoding, bool bom = false)
    {
        var path = TestFiles.NewPath(".csv");
        // Numbers as the office's systems export them (52000.5), whatever the locale of the machine running the tests.
        var text = string.Join("\r\n", rows.Select(r => string.Join(",", r.Select(c => Convert.ToString(c, CultureInfo.InvariantCulture) ?? "")))) + "\r\n";
        var bytes = encoding.GetBytes(text);
        File.WriteAllBytes(path, bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes);
        return path;
    }

    /// <summary>An .xlsx: numbers in number cells (an ID Excel mangled, a date serial), text in text cells.</summary>
    public static async Task<string> XlsxAsync(string[] header, IEnumerable<object?[]> rows)
    {
        var path = TestFiles.NewPath(".xlsx");
        var table = ExportTable.Of("t", "缴费记录", header.Select(h => new ExportColumn(h, ColumnKind.Decimal)).ToList(), rows);
        await using var stream = File.Create(path);
        await TableWriter.WriteAsync(stream, table, ExportFormat.Xlsx);
        return path;
    }

    public static string Id(string county, DateOnly birth, int sequence)
    {
        var first17 = $"{county}{birth:yyyyMMdd}{sequence % 1000:D3}";
        return first17 + IdNumber.CheckCharacter(first17);
    }
}

public sealed class ImportTests
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

    /// <summary>Two existing residents ("测试人"), then rows: good, new person, bad name, mangled ID, bad date, conflict, duplicate.</summary>
    private static async Task<(List<object?[]> Rows, string ExistingId, string NewId)> MixedPaymentsAsync(Files files, MigratedDatabase database, bool excelTypes = false)
    {
        var existing = await files.AddPersonAsync("130102", "1980-05-06", 2025, 2026);
        var other = await files.AddPersonAsync("130102", "1970-01-02", 2025, 2026, 2027);
        var (existingId, otherId) = await files.QueryAsync(async db => (
            await db.Persons.Where(p => p.Id == existing).Select(p => p.IdNumber).SingleAsync(),
            await db.Persons.Where(p => p.Id == other).Select(p => p.IdNumber).SingleAsync()));
        var newId = ImportFiles.Id("130123", new DateOnly(2001, 3, 4), 12);
        object? Date(string iso, int serial) => excelTypes ? serial : iso;
        var rows = new List<object?[]>
        {
            ImportFiles.PaymentHeader,
            new object?[] { existingId, "测试人", 2027, Date("2026-11-02", 46328), 400, "居民", "", "130102" },
            new object?[] { newId, "欧阳新华", 2027, Date("2026/11/3", 46329), 400, "居民", "普通", "130123" },
            new object?[] { newId, "欧阳新华", 2026, Date("20260301", 46082), 400, "居民", "医疗救助", "130123" },
            new object?[] { otherId, "别的名字", 2027, "2026-11-02", 400, "居民", "", "130102" },
            new object?[] { excelTypes ? 1.30102198005060E+17 : "1.30102E+17", "某人", 2027, "2026-11-02", 400, "居民", "", "130102" },
            new object?[] { existingId, "测试人", 2026, "2026-13-45", 400, "居民", "", "130102" },
            new object?[] { otherId, "测试人", 2027, "2026-11-20", 400, "居民", "", "130102" },
            new object?[] { newId, "欧阳新华", 2027, "2026-11-04", 400, "居民", "普通", "130123" },
        };
        _ = database;
        return (rows, existingId, newId);
    }

    public static TheoryData<string> Formats() => new() { "csv-utf8", "csv-utf8-bom", "csv-gbk", "xlsx" };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Payments_MixedGoodAndBadRows_LoadTheGood_AndReportTheBadByLineFieldAndReason(string format)
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var (rows, existingId, newId) = await MixedPaymentsAsync(files, database, excelTypes: format == "xlsx");
        var path = format switch
        {
            "csv-utf8" => ImportFiles.Csv(rows, new UTF8Encoding(false)),
            "csv-utf8-bom" => ImportFiles.Csv(rows, new UTF8Encoding(false), bom: true),
            "csv-gbk" => ImportFiles.Csv(rows, Encoding.GetEncoding("GBK")),
            _ => await ImportFiles.XlsxAsync(ImportFiles.PaymentHeader, rows.Skip(1)),
        };

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, Path.GetFileName(path), Admin, null, Ct)).Run;
        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).OrderBy(e => e.Line).ToListAsync(Ct));
        var created = await files.QueryAsync(db => db.Persons.Include(p => p.Coverages).SingleAsync(p => p.IdNumber == newId, Ct));
        var existing = await files.QueryAsync(db => db.Persons.Include(p => p.Coverages).SingleAsync(p => p.IdNumber == existingId, Ct));

        Assert.Equal(RunStatus.Done, run.Status);
        Assert.Equal(format == "csv-gbk" ? "GB18030" : format == "xlsx" ? "xlsx" : "UTF-8", run.Encoding);
        Assert.Equal((8, 3, 5, 1), (run.Rows, run.Inserted, run.Errors, run.PersonsCreated));
        Assert.Equal([(5L, "name"), (6L, "idNumber"), (7L, "paidOn"), (8L, "paidOn"), (9L, "paidOn")], errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("Excel", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("已有第3行", errors[4].Reason, StringComparison.Ordinal);
        Assert.Equal("欧阳新华", created.Name);
        Assert.True(created.NeedsReview);
        Assert.Equal("130123", created.HouseholdCounty);
        Assert.Equal(new DateOnly(2001, 3, 4), created.BirthDate);
        Assert.Equal([(2026, EnrollmentGroup.MedicalAid, new DateOnly(2026, 3, 1)), (2027, EnrollmentGroup.Ordinary, new DateOnly(2026, 11, 3))],
            created.Coverages.OrderBy(c => c.Year).Select(c => (c.Year, c.Group, c.PaidOn!.Value)));
        Assert.Equal("130100", created.Coverages[0].PoolingRegion);
        Assert.Contains(existing.Coverages, c => c.Year == 2027 && c.PaidOn == new DateOnly(2026, 11, 2) && c.Origin == CoverageOrigin.Import);
        // The files it touched are recomputed: the new person's next year is in their results.
        Assert.True(await files.QueryAsync(db => db.ComputedResults.AnyAsync(r => r.PersonId == created.Id && r.Year == 2027 && r.ResidentInsured, Ct)));
    }

    [Fact]
    public async Task Payments_TheSameFileTwice_ChangesNothingTheSecondTime_AndSaysSo()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var (rows, _, _) = await MixedPaymentsAsync(files, database);
        var path = ImportFiles.Csv(rows, new UTF8Encoding(false));
        await importer.ImportAsync(ImportKind.Payments, path, "a.csv", Admin, null, Ct);
        var before = await CountsAsync(files);

        var again = Assert.IsType<ImportOutcome.AlreadyImported>(await importer.ImportAsync(ImportKind.Payments, path, "a-again.csv", Admin, null, Ct));
        // The same rows in another file (another hash): every row is already there or refused again.
        var copy = ImportFiles.Csv(rows.Append([]), new UTF8Encoding(false));
        var second = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, copy, "b.csv", Admin, null, Ct)).Run;

        Assert.Contains("未做任何更改", again.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(files));
        Assert.Equal((0L, 0L), (second.Inserted, second.PersonsCreated));
        Assert.Equal(3, await files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "import" && a.UserName == "admin1", Ct)));
    }

    [Fact]
    public async Task Claims_ARevisedFile_ReplacesTheYearsFigures_AuditedWithBeforeAndAfter()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var person = await files.AddPersonAsync("130102", "1980-05-06", 2025, 2026);
        var id = await files.QueryAsync(db => db.Persons.Where(p => p.Id == person).Select(p => p.IdNumber).SingleAsync(Ct));
        var unknown = ImportFiles.Id("130102", new DateOnly(1990, 1, 1), 7);
        string[] header = ["身份证号", "年度", "基金支付", "大病保险支付"];
        var first = ImportFiles.Csv([header, [id, 2025, 0, 0], [unknown, 2025, 10, 0]], new UTF8Encoding(false));
        var revised = ImportFiles.Csv([header, [id, 2025, 52000.5m, 12000], [id, 2026, 0, 0], [id, 2024, "abc", 0]], Encoding.GetEncoding("GBK"));

        var one = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Claims, first, "claims-1.csv", Admin, null, Ct)).Run;
        var two = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Claims, revised, "claims-2.csv", Admin, null, Ct)).Run;
        var claims = await files.QueryAsync(db => db.ClaimSummaries.Where(c => c.PersonId == person).OrderBy(c => c.Year).ToListAsync(Ct));
        var audit = await files.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "claims-revised" && a.PersonId == person, Ct));

        Assert.Equal((1L, 0L, 1L), (one.Inserted, one.Updated, one.Errors));
        Assert.Equal((1L, 1L, 1L), (two.Inserted, two.Updated, two.Errors));
        Assert.Equal([(2025, 52000.5m, 12000m), (2026, 0m, 0m)], claims.Select(c => (c.Year, c.FundReimbursed, c.CatastrophicPaid)));
        Assert.Contains("\"before\": {\"fundReimbursed\": 0.00", audit.Details, StringComparison.Ordinal);
        Assert.Contains("\"after\": {\"fundReimbursed\": 52000.50", audit.Details, StringComparison.Ordinal);
        // The zero-claim year is gone from 2025: the 2026 cap is recomputed without that step.
        var result = await files.QueryAsync(db => db.ComputedResults.SingleAsync(r => r.PersonId == person && r.Year == 2026, Ct));
        Assert.Equal(0, result.ZeroClaimSteps);
    }

    [Fact]
    public async Task Files_ThatAreNotTables_AreRefusedWithAReason_AndWriteNothing()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var binary = TestFiles.NewPath(".pdf");
        await File.WriteAllBytesAsync(binary, [0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xFF, 0xFE, 0x00], Ct);
        var zip = TestFiles.NewPath(".xlsx");
        using (var archive = System.IO.Compression.ZipFile.Open(zip, System.IO.Compression.ZipArchiveMode.Create))
        {
            archive.CreateEntry("readme.txt");
        }

        var wrongColumns = ImportFiles.Csv([["编号", "名称"], ["1", "x"]], new UTF8Encoding(false));
        var empty = ImportFiles.Csv([], new UTF8Encoding(false));

        foreach (var path in new[] { binary, zip, wrongColumns, empty })
        {
            var outcome = await importer.ImportAsync(ImportKind.Payments, path, Path.GetFileName(path), Admin, null, Ct);
            Assert.IsType<ImportOutcome.NotATable>(outcome);
        }

        Assert.Contains("缺少列 身份证号、姓名", ((ImportOutcome.NotATable)await importer.ImportAsync(ImportKind.Payments, wrongColumns, "w.csv", Admin, null, Ct)).Message, StringComparison.Ordinal);
        Assert.Equal(0, await files.QueryAsync(db => db.ImportRuns.CountAsync(Ct)));
    }

    [Fact]
    public async Task Payments_TheDatabaseConnectionLostMidFile_ThenRunAgain_EndsExactlyAsACleanImport()
    {
        var (clean, cleanFiles, cleanImporter) = await FreshAsync();
        await using var _ = clean;
        var (broken, brokenFiles, brokenImporter) = await FreshAsync();
        await using var __ = broken;
        var path = ImportFiles.Csv(LargePaymentFile(60_000), new UTF8Encoding(false));
        await cleanImporter.ImportAsync(ImportKind.Payments, path, "big.csv", Admin, null, Ct);

        // The server ends the importer's session while it is loading, as a restart would.
        var killed = false;
        var progress = new SynchronousProgress(p =>
        {
            if (!killed && p.Stage == "loading" && p.Rows >= 20_000)
            {
                killed = true;
                using var admin = new NpgsqlConnection(broken.ConnectionString);
                admin.Open();
                using var kill = new NpgsqlCommand("select count(*) filter (where pg_terminate_backend(pid)) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy import_stage%'", admin);
                Assert.Equal(1L, kill.ExecuteScalar());
            }
        });
        await Assert.ThrowsAnyAsync<Exception>(() => brokenImporter.ImportAsync(ImportKind.Payments, path, "big.csv", Admin, progress, Ct));
        Assert.True(killed);
        Assert.Equal(0, await brokenFiles.QueryAsync(db => db.ImportRuns.CountAsync(Ct)));
        NpgsqlConnection.ClearAllPools();
        var rerun = Assert.IsType<ImportOutcome.Imported>(await brokenImporter.ImportAsync(ImportKind.Payments, path, "big.csv", Admin, null, Ct)).Run;

        Assert.Equal(60_000, rerun.Inserted);
        Assert.Equal(await SnapshotAsync(cleanFiles), await SnapshotAsync(brokenFiles));
    }

    /// <summary>Rows of new persons (each a file to create) of one county, two years each.</summary>
    internal static IEnumerable<object?[]> LargePaymentFile(int rows)
    {
        yield return ImportFiles.PaymentHeader;
        for (var i = 0; i < rows / 2; i++)
        {
            var id = ImportFiles.Id("130102", new DateOnly(1950, 1, 1).AddDays(i / 500), i % 500 * 2);
            yield return [id, "导入人" + i, 2026, "2025-11-01", 400, "居民", "", "130102"];
            yield return [id, "导入人" + i, 2027, "2026-11-01", 400, "居民", "", "130102"];
        }
    }

    internal static async Task<List<string>> SnapshotAsync(Files files) => await files.QueryAsync(async db =>
    {
        var persons = await db.Persons.Select(p => p.IdNumber + "|" + p.Name + "|" + p.HouseholdCounty + "|" + p.NeedsReview).ToListAsync(Ct);
        var coverages = await db.Coverages.Select(c => db.Persons.First(p => p.Id == c.PersonId).IdNumber + "|" + c.Year + "|" + c.Scheme + "|" + c.PaidOn + "|" + c.Amount).ToListAsync(Ct);
        var results = await db.ComputedResults.CountAsync(Ct);
        return persons.Concat(coverages).Append("results " + results).Order(StringComparer.Ordinal).ToList();
    });

    private static async Task<(int, int, int)> CountsAsync(Files files) => await files.QueryAsync(async db =>
        (await db.Persons.CountAsync(Ct), await db.Coverages.CountAsync(Ct), await db.ComputedResults.CountAsync(Ct)));

    private sealed class SynchronousProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
