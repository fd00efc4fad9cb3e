using System.Text;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// Money in import files is yuan as the calculation contract writes it: at most two decimals, no thousands separators.
/// A third decimal is refused rather than rounded away; a separator is refused rather than guessed at.
/// </summary>
public sealed class ImportMoneyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Admin = new("admin1", "127.0.0.1");

    private static string NewId(int sequence) => ImportFiles.Id("130102", new DateOnly(1990, 7, 8), sequence);

    [Fact]
    public async Task Payments_AmountsWithAThirdDecimalOrSeparators_AreRefusedByLineFieldAndReason_TheRestStoredExactly()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var importer = new Importer(database.DataSource, files.Catalogs, files.Clock);
        // Cells are written as they stand in the file: a quoted cell keeps its comma.
        string[] amounts = ["400.123", "\"1,200.00\"", "1 200", "400.12", "400.1", "400", "400.120", "-400", "1e3"];
        var rows = new List<object?[]> { ImportFiles.PaymentHeader };
        rows.AddRange(amounts.Select((amount, i) => new object?[] { NewId(i + 1), "金额人", 2026, "2025-11-02", amount, "居民", "", "130102" }));
        var path = ImportFiles.Csv(rows, new UTF8Encoding(false));

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, "amounts.csv", Admin, null, Ct)).Run;
        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).OrderBy(e => e.Line).ToListAsync(Ct));
        var stored = await files.QueryAsync(db => db.Coverages.Where(c => c.Year == 2026).Join(db.Persons, c => c.PersonId, p => p.Id, (c, p) => new { p.IdNumber, c.Amount }).ToListAsync(Ct));

        Assert.Equal([(2L, "amount"), (3L, "amount"), (4L, "amount"), (9L, "amount"), (10L, "amount")], errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("两位小数", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("“400.123”", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("千位分隔符", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("千位分隔符", errors[2].Reason, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, decimal?> { [NewId(4)] = 400.12m, [NewId(5)] = 400.1m, [NewId(6)] = 400m, [NewId(7)] = 400.12m },
            stored.ToDictionary(s => s.IdNumber, s => s.Amount));
    }

    [Fact]
    public async Task Xlsx_NumberCells_AreTakenAsExcelShowsThem_AndAThirdDecimalIsRefused()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var importer = new Importer(database.DataSource, files.Catalogs, files.Clock);
        // 0.1 + 0.2 is what a formula leaves in the cell: 0.30000000000000004, shown and meant as 0.3.
        object?[][] rows =
        [
            [NewId(21), "金额人", 2026, "2025-11-02", 400.123, "居民", "", "130102"],
            [NewId(22), "金额人", 2026, "2025-11-02", 0.1 + 0.2, "居民", "", "130102"],
            [NewId(23), "金额人", 2026, "2025-11-02", 400.12, "居民", "", "130102"],
        ];
        var path = await ImportFiles.XlsxAsync(ImportFiles.PaymentHeader, rows);

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, "amounts.xlsx", Admin, null, Ct)).Run;
        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).ToListAsync(Ct));
        var stored = await files.QueryAsync(db => db.Coverages.Where(c => c.Year == 2026).Join(db.Persons, c => c.PersonId, p => p.Id, (c, p) => new { p.IdNumber, c.Amount }).ToListAsync(Ct));

        var error = Assert.Single(errors);
        Assert.Equal((2L, "amount"), (error.Line, error.Field));
        Assert.Contains("两位小数", error.Reason, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, decimal?> { [NewId(22)] = 0.3m, [NewId(23)] = 400.12m }, stored.ToDictionary(s => s.IdNumber, s => s.Amount));
    }

    [Fact]
    public async Task Claims_FiguresWithAThirdDecimalOrSeparators_AreRefusedByLineFieldAndReason()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var importer = new Importer(database.DataSource, files.Catalogs, files.Clock);
        var person = await files.AddPersonAsync("130102", "1980-05-06", 2024, 2025);
        var id = await files.QueryAsync(db => db.Persons.Where(p => p.Id == person).Select(p => p.IdNumber).SingleAsync(Ct));
        string[] header = ["身份证号", "年度", "基金支付", "大病保险支付"];
        var path = ImportFiles.Csv([header, [id, 2024, "52000.505", 0], [id, 2025, "\"12,000\"", 0], [id, 2025, "12000.5", "100.001"], [id, 2025, "12000.50", "100"]], new UTF8Encoding(false));

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Claims, path, "claims.csv", Admin, null, Ct)).Run;
        var errors = await files.QueryAsync(db => db.ImportErrors.Where(e => e.ImportId == run.Id).OrderBy(e => e.Line).ToListAsync(Ct));
        var claims = await files.QueryAsync(db => db.ClaimSummaries.Where(c => c.PersonId == person).Select(c => new { c.Year, c.FundReimbursed, c.CatastrophicPaid }).ToListAsync(Ct));

        Assert.Equal([(2L, "fundReimbursed"), (3L, "fundReimbursed"), (4L, "catastrophicPaid")], errors.Select(e => (e.Line, e.Field)));
        Assert.Contains("两位小数", errors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("千位分隔符", errors[1].Reason, StringComparison.Ordinal);
        Assert.Contains("两位小数", errors[2].Reason, StringComparison.Ordinal);
        var claim = Assert.Single(claims);
        Assert.Equal((2025, 12000.5m, 100m), (claim.Year, claim.FundReimbursed, claim.CatastrophicPaid));
    }
}
