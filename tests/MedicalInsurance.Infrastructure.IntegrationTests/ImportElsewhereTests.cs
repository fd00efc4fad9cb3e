using System.Text;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Payments held elsewhere (外地参保): any county of the country, counted like local cover (RULES §1).</summary>
public sealed class ImportElsewhereTests
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

    private static async Task<Domain.Calculation.CalculationResult> CalculateAsync(Files files, long person, int year)
    {
        var catalog = await files.Catalogs.GetAsync(Ct);
        var file = await files.QueryAsync(db => PersonFiles.LoadAsync(db, person, Ct));
        var outcome = FileCalculator.Calculate(file!, year, files.Today, catalog, RegionDirectory.Shipped);
        return outcome.Result ?? throw new InvalidOperationException(outcome.Error!.Message);
    }

    [Fact]
    public async Task Payments_FromBeijingChaoyang_ForAResidentOfChangan_StoreTheCounty_AndTheYearIsNoLongerABreak()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        // Resident-insured in 2025 and 2027 at home; 2026 missing from the file (they lived and paid in Beijing).
        var person = await files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var id = await files.QueryAsync(db => db.Persons.Where(p => p.Id == person).Select(p => p.IdNumber).SingleAsync(Ct));
        var before = await CalculateAsync(files, person, 2027);
        var path = ImportFiles.Csv([ImportFiles.PaymentHeader, [id, "测试人", 2026, "2025-11-20", 380, "居民", "", "110105"]], new UTF8Encoding(false));

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, "beijing.csv", Admin, null, Ct)).Run;
        var stored = await files.QueryAsync(db => db.Coverages.SingleAsync(c => c.PersonId == person && c.Year == 2026, Ct));
        var after = await CalculateAsync(files, person, 2027);
        var results = await files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == person && (r.Year == 2026 || r.Year == 2027)).OrderBy(r => r.Year).ToListAsync(Ct));

        Assert.Equal((1L, 0L, 0L), (run.Inserted, run.Errors, run.PersonsCreated));
        Assert.Equal(("110105", "110100", CoverageOrigin.AnotherProvince, Scheme.Resident), (stored.County, stored.PoolingRegion, stored.Origin, stored.Scheme));
        // Before: 2026 is a break year, so 2027 is a return after b = 1 and Hebei takes 2,000 yuan off the cap.
        Assert.Equal((1, 2000m), (before.BreakYears, before.Cap!.Decrease));
        Assert.Equal((0, 0m, before.Cap.Original), (after.BreakYears, after.Cap!.Decrease, after.Cap.Original));
        // The stored answers the dashboards read say the same: 2026 resident-insured, 2027 no break and a three-year run.
        Assert.Equal([(2026, true, true, 0), (2027, true, true, 0)], results.Select(r => (r.Year, r.Insured, r.ResidentInsured, r.BreakYears)));
        Assert.Equal((0m, 3), (results[1].CapDecrease, results[1].ConsecutiveResidentYears));
    }

    [Fact]
    public async Task Payments_ElsewhereForAnUnknownPerson_AreRefused_UnlessTheFileHasARowOfOurCounties()
    {
        var (database, files, importer) = await FreshAsync();
        await using var _ = database;
        var home = await files.AddPersonAsync("130102", "1980-05-06", 2025);
        var homeId = await files.QueryAsync(db => db.Persons.Where(p => p.Id == home).Select(p => p.IdNumber).SingleAsync(Ct));
        var stranger = ImportFiles.Id("110105", new DateOnly(1990, 1, 1), 7);
        var mover = ImportFiles.Id("130102", new DateOnly(1995, 2, 3), 8);
        var path = ImportFiles.Csv(
        [
            ImportFiles.PaymentHeader,
            [stranger, "北京人", 2026, "2025-11-20", 380, "居民", "", "110105"],
            [mover, "迁居人", 2025, "2024-11-20", 380, "居民", "", "310104"],
            [mover, "迁居人", 2026, "2025-11-20", 380, "居民", "", "130102"],
            [homeId, "测试人", 2026, "2025-11-20", 380, "居民", "", "130203"],
            [homeId, "测试人", 2027, "2026-11-20", 400, "居民", "", "441900"],
        ], new UTF8Encoding(false));

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, "mixed.csv", Admin, null, Ct)).Run;
        var error = await files.QueryAsync(db => db.ImportErrors.SingleAsync(e => e.ImportId == run.Id, Ct));
        var created = await files.QueryAsync(db => db.Persons.Include(p => p.Coverages).SingleAsync(p => p.IdNumber == mover, Ct));
        var homeRecords = await files.QueryAsync(db => db.Coverages.Where(c => c.PersonId == home && c.Year > 2025).OrderBy(c => c.Year).ToListAsync(Ct));

        Assert.Equal((4L, 1L, 1L), (run.Inserted, run.Errors, run.PersonsCreated));
        Assert.Equal((2L, "region"), (error.Line, error.Field));
        Assert.Contains("不在本系统所辖省份", error.Reason, StringComparison.Ordinal);
        Assert.False(await files.QueryAsync(db => db.Persons.AnyAsync(p => p.IdNumber == stranger, Ct)));
        // A new file comes from the row of our county, though the person's first row (by line) was paid in Shanghai.
        Assert.Equal("130102", created.HouseholdCounty);
        Assert.Equal([(2025, "310104", "310100", CoverageOrigin.AnotherProvince), (2026, "130102", "130100", CoverageOrigin.Import)],
            created.Coverages.OrderBy(c => c.Year).Select(c => (c.Year, c.County!, c.PoolingRegion!, c.Origin)));
        // Another city of the same province is an ordinary import; 东莞 has no counties and is its own pooling region.
        Assert.Equal([(2026, "130203", "130200", CoverageOrigin.Import), (2027, "441900", "441900", CoverageOrigin.AnotherProvince)],
            homeRecords.Select(c => (c.Year, c.County!, c.PoolingRegion!, c.Origin)));
    }
}
