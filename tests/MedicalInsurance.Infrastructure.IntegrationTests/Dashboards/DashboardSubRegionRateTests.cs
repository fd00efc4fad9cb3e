using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.IntegrationTests.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Dashboards;

/// <summary>
/// The 下级地区 table of a province: each city's rate against the chosen population, against a direct count over the
/// persons and their coverage (a county's row under its city: DashboardPopulationRateTests); 未导入人口数据 where none was
/// imported; a county's target and completion.
/// Also who opens these dashboards: an administrator (every province served, to set targets) as well as the scoped users.
/// </summary>
public sealed class DashboardSubRegionRateTests(RateScenario fixture) : IClassFixture<RateScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly UserScope Administrator = UserScope.For("admin-dashboard", Roles.Administrator, null, RegionDirectory.Shipped, "10.0.0.3");

    private async Task<DashboardView> ViewAsync(UserScope scope, string code, int year, PopulationBasis basis) =>
        Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(scope, code, year, Ct, basis)).View;

    internal static async Task<Dictionary<string, object?[]>> RowsAsync(DashboardView view) =>
        (await DashboardTables.Build(view, DashboardTables.Regions)!.Rows.ToListAsync(Ct)).ToDictionary(r => (string)r[0]!);

    private async Task<(long Population, long Insured)> DirectAsync(IEnumerable<string> counties, int year, PopulationBasis basis)
    {
        var (population, insured) = (0L, 0L);
        foreach (var county in counties)
        {
            var direct = await fixture.DirectAsync(county, year, basis);
            (population, insured) = (population + direct.Population, insured + direct.Insured);
        }

        return (population, insured);
    }

    private static decimal Rate(long insured, long population) => Math.Round(insured * 100m / population, 1, MidpointRounding.AwayFromZero);

    [Theory]
    [InlineData(2027, PopulationBasis.Registered)]
    [InlineData(2026, PopulationBasis.Registered)]
    [InlineData(2027, PopulationBasis.Living)]
    public async Task CityUnderAProvince_RateOverItsCountiesPopulation_EqualsADirectCount(int year, PopulationBasis basis)
    {
        var province = await ViewAsync(RateScenario.Scope(Roles.Supervisor, "130000"), "130000", year, basis);
        var rows = await RowsAsync(province);
        var direct = await DirectAsync(["130102", "130123"], year, basis);

        var row = rows["130100"];
        Assert.Equal(["130100"], rows.Keys);
        Assert.Equal([direct.Population, direct.Insured, Rate(direct.Insured, direct.Population)], row[2..5]);
        // A city has no target rate, and here no target of persons (CityTargetTests sets them).
        Assert.Equal([null, null, "未设定目标"], row[5..8].Select(c => c is Phrase p ? p.Template : c));
        Assert.Equal(Rate(direct.Insured, direct.Population), province.Children.Single().Rate(basis));
    }

    [Fact]
    public async Task CountyUnderACity_ShowsItsTargetAndCompletion()
    {
        // 130102, 2027: 2 of 6 registered insured (33.3%).
        Assert.IsType<TargetOutcome.Saved>(await fixture.Targets.SetAsync(Administrator, "130102", 2027, 40m, Ct));
        Assert.IsType<TargetOutcome.Saved>(await fixture.Targets.SetAsync(RateScenario.Scope(Roles.Supervisor, "130123", "county-supervisor"), "130123", 2027, 50m, Ct));

        var rows = await RowsAsync(await ViewAsync(RateScenario.Scope(Roles.Supervisor, "130100"), "130100", 2027, PopulationBasis.Registered));

        // A county: a target rate, never a target of persons (that column is the cities').
        Assert.Equal([33.3m, 40m, null, "未完成"], rows["130102"][4..8].Select(c => c is Phrase p ? p.Template : c));
        // 130123, 2027: Q2 of Q1 and Q2.
        Assert.Equal([50.0m, 50m, null, "已完成"], rows["130123"][4..8].Select(c => c is Phrase p ? p.Template : c));
    }

    [Fact]
    public async Task SubRegionWithoutPopulationImported_SaysSo_InsteadOfARate()
    {
        // 230102 has files (P3 lives there) but no extract: its city, under its province, has no population either.
        var province = await ViewAsync(RateScenario.Scope(Roles.Supervisor, "230000"), "230000", 2027, PopulationBasis.Living);
        var city = await ViewAsync(RateScenario.Scope(Roles.Supervisor, "230100"), "230100", 2027, PopulationBasis.Living);

        foreach (var (row, code) in new[] { ((await RowsAsync(province))["230100"], "230100"), ((await RowsAsync(city))["230102"], "230102") })
        {
            Assert.Equal([null, null], row[2..4]);
            Assert.Equal("未导入人口数据", Assert.IsType<Phrase>(row[4]).Template);
            Assert.Equal(code, row[0]);
        }

        Assert.Null(province.Children.Single().Rate(PopulationBasis.Living));
    }

    [Fact]
    public async Task Administrator_OpensEveryServedProvince_AndNothingElse()
    {
        var regions = RegionDirectory.Shipped;

        var roots = DashboardQueries.Roots(Administrator, regions);
        var province = await ViewAsync(Administrator, "130000", 2027, PopulationBasis.Registered);
        var county = await ViewAsync(Administrator, "130102", 2027, PopulationBasis.Registered);
        var supervisors = await ViewAsync(RateScenario.Scope(Roles.Supervisor, "130000"), "130000", 2027, PopulationBasis.Registered);

        Assert.Equal(["130000", "230000", "520000"], roots);
        Assert.Equal("130000", DashboardQueries.Home(Administrator));
        // The same figures as a supervisor of the province reads; the path starts at the province.
        Assert.Equal(supervisors.Totals.Values.OrderBy(kv => kv.Key), province.Totals.Values.OrderBy(kv => kv.Key));
        Assert.Equal(["130000", "130100", "130102"], county.Path.Select(p => p.Code));
        Assert.Equal(3, province.Roots.Count);
        // Beijing has no policy entered: nothing is served there.
        Assert.IsType<DashboardOutcome.NotFound>(await fixture.Queries.LoadAsync(Administrator, "110000", 2027, Ct));
        Assert.IsType<DashboardOutcome.NotFound>(await fixture.Queries.LoadAsync(Administrator, "999999", 2027, Ct));
    }

    [Fact]
    public async Task Supervisor_HasOneRoot_AndIsRefusedOutsideIt()
    {
        var supervisor = RateScenario.Scope(Roles.Supervisor, "130100");

        Assert.Equal(["130100"], DashboardQueries.Roots(supervisor, RegionDirectory.Shipped));
        Assert.Empty((await ViewAsync(supervisor, "130100", 2027, PopulationBasis.Registered)).Roots.Skip(1));
        Assert.IsType<DashboardOutcome.NotFound>(await fixture.Queries.LoadAsync(supervisor, "130000", 2027, Ct));
        Assert.IsType<DashboardOutcome.NotFound>(await fixture.Queries.LoadAsync(supervisor, "230102", 2027, Ct));
    }
}
