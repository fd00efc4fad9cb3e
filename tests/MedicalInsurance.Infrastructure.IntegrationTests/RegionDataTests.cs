using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>The whole country's divisions (china-division 2.7.0) as loaded into PostgreSQL, and what the directory makes of them.</summary>
public sealed class RegionDataTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Regions_Loaded_EveryCountyUnderACity_AndEveryCityUnderAProvince()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var regions = await db.Regions.AsNoTracking().ToDictionaryAsync(r => r.Code, Ct);

        var orphans = regions.Values.Where(r => r.Level switch
        {
            RegionLevel.Province => r.ParentCode is not null,
            RegionLevel.City => r.ParentCode is null || regions[r.ParentCode].Level != RegionLevel.Province,
            _ => r.ParentCode is null || regions[r.ParentCode].Level != RegionLevel.City,
        }).Select(r => r.Code).ToList();

        Assert.Empty(orphans);
        // Codes carry the tree: a county's first four digits are its city's, a city's first two its province's.
        Assert.All(regions.Values.Where(r => r.ParentCode is not null),
            r => Assert.Equal(r.ParentCode![..(r.Level == RegionLevel.City ? 2 : 4)], r.Code[..(r.Level == RegionLevel.City ? 2 : 4)]));
    }

    [Fact]
    public async Task Regions_Loaded_CountAsThePackage_31Provinces_342Cities_2978CountyLevelPlaces()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var byLevel = await db.Regions.AsNoTracking()
            .GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct);
        var directory = RegionDirectory.Shipped;

        // dist/provinces.csv 31, dist/cities.csv 342, dist/areas.csv 2,978: 东莞, 中山 and 儋州 are listed as areas with
        // their city's own code, so they are one row each, a city where records are made like in a county.
        Assert.Equal((31, 342, 2975), (byLevel[RegionLevel.Province], byLevel[RegionLevel.City], byLevel[RegionLevel.County]));
        Assert.Equal(2978, directory.All.Count(r => directory.IsCountyLevel(r.Code)));
        Assert.Equal(["441900", "442000", "460400"], directory.All.Where(r => r.Level == RegionLevel.City && directory.IsCountyLevel(r.Code)).Select(r => r.Code).Order());
        Assert.Equal("441900", directory.CityOf("441900"));
    }

    [Fact]
    public async Task Region_110105_IsChaoyangOfBeijing_UnderItsCity110100_AndProvince110000()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var chain = await db.Regions.AsNoTracking().Where(r => r.Code == "110105" || r.Code == "110100" || r.Code == "110000").OrderByDescending(r => r.Code).ToListAsync(Ct);
        var directory = RegionDirectory.Shipped;

        Assert.Equal([("110105", "朝阳区", RegionLevel.County, "110100"), ("110100", "市辖区", RegionLevel.City, "110000"), ("110000", "北京市", RegionLevel.Province, null)],
            chain.Select(r => (r.Code, r.Name, r.Level, r.ParentCode)));
        Assert.Null(chain[2].PolicyId);
        Assert.Equal("北京市朝阳区", directory.FullName("110105"));
        Assert.Equal("河北省石家庄市长安区", directory.FullName("130102"));
        Assert.Equal("national", directory.PolicyOf("110105"));
        Assert.Equal(("hebei", true, false), (directory.PolicyOf("130102"), directory.IsServed("130102"), directory.IsServed("110105")));
    }

    [Fact]
    public void Directory_OtherProvinces_StayOutOfScopesAndProvinceNames()
    {
        var directory = RegionDirectory.Shipped;

        Assert.Equal(["guizhou", "hebei", "heilongjiang"], directory.ProvinceNames.Keys.Order(StringComparer.Ordinal));
        Assert.IsType<UserOutcome.Invalid>(UserAdministration.Validate(new NewUser("clerk.cy", "朝阳区经办员", Roles.Clerk, "110105"), directory));
        Assert.IsType<UserOutcome.Invalid>(UserAdministration.Validate(new NewUser("sup.bj", "北京市监督员", Roles.Supervisor, "110000"), directory));
        Assert.Null(UserAdministration.Validate(new NewUser("clerk.ca", "长安区经办员", Roles.Clerk, "130102"), directory));
        Assert.IsType<CreationOutcome.Invalid>(PersonFileCreation.Validate(new NewPerson(Files.NewIdNumber("110105"), "外地人", "110105", null, null), directory));
    }

    [Fact]
    public async Task Migrate_Twice_KeepsOneRowPerRegion_AndRestoresTheFilesNames()
    {
        await using (var db = await database.ContextFactory.CreateDbContextAsync(Ct))
        {
            await db.Database.ExecuteSqlRawAsync("update regions set name = '改过的名字' where code = '110105'", Ct);
        }

        await DatabaseMigrator.MigrateAsync(database.ContextFactory, cancellationToken: Ct);
        await DatabaseMigrator.MigrateAsync(database.ContextFactory, cancellationToken: Ct);

        await using var check = await database.ContextFactory.CreateDbContextAsync(Ct);
        var shipped = RegionData.Shipped.Select(r => r.Code).ToList();
        Assert.Equal(shipped.Count, await check.Regions.CountAsync(r => shipped.Contains(r.Code), Ct));
        Assert.Equal("朝阳区", await check.Regions.Where(r => r.Code == "110105").Select(r => r.Name).SingleAsync(Ct));
    }
}
