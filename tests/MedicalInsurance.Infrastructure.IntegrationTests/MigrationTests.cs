using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class MigrationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    [Fact]
    public async Task Migrate_OnEmptyDatabase_LeavesNothingPending()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(TestContext.Current.CancellationToken);

        var pending = await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);
        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Empty(pending);
        Assert.NotEmpty(applied);
    }

    [Fact]
    public async Task Migrate_Again_LeavesTheShippedParametersAsTheyAre()
    {
        // Rewriting them would change the results' stamp and recompute every file at every start.
        var ct = TestContext.Current.CancellationToken;
        async Task<List<(long, DateTimeOffset)>> RowsAsync()
        {
            await using var db = await database.ContextFactory.CreateDbContextAsync(ct);
            return (await db.PolicyParameters.OrderBy(p => p.Id).Select(p => new { p.Id, p.UpdatedAt }).ToListAsync(ct)).Select(p => (p.Id, p.UpdatedAt)).ToList();
        }

        var before = await RowsAsync();
        await MedicalInsurance.Infrastructure.Persistence.DatabaseMigrator.MigrateAsync(database.ContextFactory, cancellationToken: ct);

        Assert.NotEmpty(before);
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task Migrate_ADatabaseFromBeforeTheSquash_IsRefusedWithWhatToDo_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var old = new MigratedDatabase();
        await old.InitializeAsync();
        await using (var db = await old.ContextFactory.CreateDbContextAsync(ct))
        {
            // What a development database migrated before the squash still holds.
            await db.Database.ExecuteSqlRawAsync("insert into __ef_migrations_history (migration_id, product_version) values ('20261123124533_InitialRegions', '10.0.0')", ct);
        }

        var refused = await Assert.ThrowsAsync<MedicalInsurance.Infrastructure.Persistence.SchemaPredatesException>(
            () => MedicalInsurance.Infrastructure.Persistence.DatabaseMigrator.MigrateAsync(old.ContextFactory, cancellationToken: ct));

        Assert.Equal(["20261123124533_InitialRegions"], refused.Unknown);
        Assert.Contains("重建数据库", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Region_RoundTrip_KeepsCodeNameLevelAndParent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await database.ContextFactory.CreateDbContextAsync(ct))
        {
            // A county added after the shipped list, under a shipped city.
            db.Regions.Add(new Region { Code = "130199", Name = "测试新区", Level = RegionLevel.County, ParentCode = "130100" });
            await db.SaveChangesAsync(ct);
        }

        await using (var db = await database.ContextFactory.CreateDbContextAsync(ct))
        {
            var county = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "130199", ct);
            Assert.Equal(("测试新区", RegionLevel.County, "130100"), (county.Name, county.Level, county.ParentCode));
            var province = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "130000", ct);
            Assert.Equal(("河北省", "hebei"), (province.Name, province.PolicyId));
        }
    }
}
