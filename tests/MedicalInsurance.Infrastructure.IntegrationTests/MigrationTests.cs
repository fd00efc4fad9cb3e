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
    public async Task Region_RoundTrip_KeepsCodeNameLevelAndParent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await database.ContextFactory.CreateDbContextAsync(ct))
        {
            db.Regions.Add(new Region { Code = "130000", Name = "河北省", Level = RegionLevel.Province });
            db.Regions.Add(new Region { Code = "130100", Name = "石家庄市", Level = RegionLevel.City, ParentCode = "130000" });
            await db.SaveChangesAsync(ct);
        }

        await using (var db = await database.ContextFactory.CreateDbContextAsync(ct))
        {
            var city = await db.Regions.AsNoTracking().SingleAsync(r => r.Code == "130100", ct);
            Assert.Equal("石家庄市", city.Name);
            Assert.Equal(RegionLevel.City, city.Level);
            Assert.Equal("130000", city.ParentCode);
        }
    }
}
