using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>A database seeded with the demo population: what the seed writes, and the computed results it stores.</summary>
public sealed class SeededDatabase : MigratedDatabase
{
    public const int Persons = 3000;

    public SeedCounts Counts { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var files = new Files(ContextFactory);
        Counts = await DemoSeeder.SeedAsync(DataSource, Persons, seed: 11, files.Clock, await files.Catalogs.GetAsync(), _ => { });
    }
}

public sealed class SeededCountyTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Seed_ReadsBackTheCountsItWrote()
    {
        Assert.Equal(SeededDatabase.Persons, database.Counts.Persons);
        Assert.True(database.Counts.Coverages > 3 * SeededDatabase.Persons, $"{database.Counts.Coverages} coverage records");
        Assert.True(database.Counts.Claims > 0);
        Assert.True(database.Counts.ComputedResults > SeededDatabase.Persons);
    }

    [Fact]
    public async Task Seed_ShowsEveryRuleInTheDemo()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var reasons = await db.ComputedResults.Where(r => r.WaitingReason != null).Select(r => r.WaitingReason!).Distinct().ToListAsync(Ct);
        var schemes = await db.Coverages.Select(c => c.Scheme).Distinct().ToListAsync(Ct);
        var groups = await db.Coverages.Select(c => c.Group).Distinct().ToListAsync(Ct);

        Assert.Superset(new HashSet<string> { "onTime", "waiting", "newborn", "exemptGroup" }, reasons.ToHashSet());
        Assert.Equal(3, schemes.Count);
        Assert.Equal(5, groups.Count);
        Assert.True(await db.ComputedResults.AnyAsync(r => r.BreakYears == 2, Ct), "no two-year breaks");
        Assert.True(await db.ComputedResults.AnyAsync(r => r.CapDecrease > 0, Ct), "no decreased caps");
        Assert.True(await db.ComputedResults.AnyAsync(r => r.CapIncrease > 0, Ct), "no raised caps");
        Assert.True(await db.ClaimSummaries.AnyAsync(c => c.CatastrophicPaid > 300_000m, Ct), "no catastrophic claims above the cap");
        Assert.True(await db.Persons.AnyAsync(p => p.Notes != null, Ct), "no kept earlier incentive");
    }

    [Fact]
    public async Task ComputedResults_OfACounty_EqualTheEngineAppliedFileByFile()
    {
        var files = new Files(database.ContextFactory);
        var catalog = await files.Catalogs.GetAsync(Ct);
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var ids = await db.Persons.Where(p => p.HouseholdCounty == "130123").Select(p => p.Id).ToListAsync(Ct);
        var stored = await db.ComputedResults.Where(r => r.HouseholdCounty == "130123").ToListAsync(Ct);
        Assert.NotEmpty(ids);

        var compared = 0;
        foreach (var id in ids)
        {
            var file = (await PersonFiles.LoadAsync(db, id, Ct))!;
            for (var year = 2025; year <= files.Today.Year + 1; year++)
            {
                var row = stored.SingleOrDefault(r => r.PersonId == id && r.Year == year);
                if (year < file.Person.BirthDate.Year)
                {
                    Assert.Null(row);
                    continue;
                }

                // Next year is computed for everyone, paid or not: the collection period's figures and call list need it.
                var result = FileCalculator.Calculate(file, year, files.Today, catalog, RegionDirectory.Shipped).Result!;
                Assert.NotNull(row);
                Assert.Equal(result.Cap?.Effective, row.CapEffective);
                Assert.Equal(result.Cap?.Increase, row.CapIncrease);
                Assert.Equal(result.Cap?.Decrease, row.CapDecrease);
                Assert.Equal(result.BreakYears, row.BreakYears);
                Assert.Equal(result.WaitingPeriod?.BenefitsFrom, row.BenefitsFrom);
                Assert.Equal(result.WaitingPeriod?.TotalMonths ?? 0, row.WaitingMonths);
                var resident = file.Coverages.FirstOrDefault(c => c.Year == year && c.Scheme == Domain.Enrollment.Scheme.Resident);
                // Hebei's collection periods end 2024-12-28 (2025), 2026-02-28 (2026), then 28 December (PARAMETERS.md).
                var periodEnd = year == 2026 ? new DateOnly(2026, 2, 28) : new DateOnly(year - 1, 12, 28);
                Assert.Equal(resident?.PaidOn > periodEnd, row.PaidLate);
                Assert.Equal(resident is null ? 0 : Enumerable.Range(0, 50).TakeWhile(k => file.Coverages.Any(c => c.Year == year - k && c.Scheme == Domain.Enrollment.Scheme.Resident)).Count(), row.ConsecutiveResidentYears);
                compared++;
            }
        }

        Assert.Equal(stored.Count, compared);
    }
}
