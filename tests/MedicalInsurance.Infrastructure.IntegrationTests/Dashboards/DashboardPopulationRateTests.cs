using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.IntegrationTests.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Dashboards;

/// <summary>
/// The enrollment rate against the registered and the resident population, per county (on its own dashboard and as a row
/// of its city's) and township, against a direct count over the persons and their coverage (never through
/// computed_results or the figures).
/// </summary>
public sealed class DashboardPopulationRateTests(RateScenario fixture) : IClassFixture<RateScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PopulationScenario S => fixture.Scenario;

    public static TheoryData<string, int, PopulationBasis, string[], string[]> Rates() => new()
    {
        // D1 died on 2026-06-01: in 2026's population, not 2027's. P3 lives in 230102; Q1 (registered in 130123) lives here.
        { "130102", 2027, PopulationBasis.Registered, ["P1", "P2", "P3", "P5", "P6", "R1"], ["P2", "P6"] },
        { "130102", 2026, PopulationBasis.Registered, ["P1", "P2", "P3", "P5", "P6", "R1", "D1"], ["P1", "P2"] },
        { "130102", 2027, PopulationBasis.Living, ["P1", "P2", "P5", "P6", "R1", "Q1"], ["P2", "P6"] },
        // Q3 moved out on 2026-05-01: counted in 2026, not in 2027. Q2 is insured as an employee.
        { "130123", 2027, PopulationBasis.Registered, ["Q1", "Q2"], ["Q2"] },
        { "130123", 2026, PopulationBasis.Registered, ["Q1", "Q2", "Q3"], [] },
        { "130123", 2027, PopulationBasis.Living, ["Q2"], ["Q2"] },
    };

    [Theory]
    [MemberData(nameof(Rates))]
    public async Task PopulationRate_OfACounty_EqualsADirectCount(string county, int year, PopulationBasis basis, string[] population, string[] insured)
    {
        var scope = RateScenario.Scope(Roles.Supervisor, "130000");

        var view = Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(scope, county, year, Ct, basis)).View;
        var direct = await fixture.DirectAsync(county, year, basis);

        Assert.Equal(population.Select(l => S[l]).Order(), direct.Persons);
        Assert.Equal(insured.Select(l => S[l]).Order(), direct.InsuredPersons);
        Assert.Equal(direct.Population, view.Totals.Population(basis));
        Assert.Equal(direct.Insured, view.Totals.PopulationInsured(basis));
        Assert.Equal(Math.Round(direct.Insured * 100m / direct.Population, 1, MidpointRounding.AwayFromZero), view.PopulationRate);
        Assert.True(view.Totals.HasPopulation);
        Assert.Empty(view.WithoutPopulation);
        // The same county as a row of its city's 下级地区 table: its population, insured and rate.
        var city = Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(scope, "130100", year, Ct, basis)).View;
        var row = (await DashboardSubRegionRateTests.RowsAsync(city))[county];
        Assert.Equal([direct.Population, direct.Insured, view.PopulationRate], row[2..5]);
    }

    [Theory]
    [InlineData("130102", 2027, PopulationBasis.Registered)]
    [InlineData("130102", 2026, PopulationBasis.Registered)]
    [InlineData("130102", 2027, PopulationBasis.Living)]
    [InlineData("130123", 2026, PopulationBasis.Registered)]
    public async Task TownshipTable_OfACounty_EqualsADirectCountByTownship(string county, int year, PopulationBasis basis)
    {
        var scope = RateScenario.Scope(Roles.Clerk, county);

        var view = Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(scope, county, year, Ct, basis)).View;
        var direct = await fixture.DirectAsync(county, year, basis);
        var shown = view.Townships.Where(t => t.Population(basis) > 0).ToDictionary(t => t.Code, t => (t.Population(basis), t.Insured(basis)));

        Assert.NotEmpty(direct.Townships);
        Assert.Equal(direct.Townships.OrderBy(kv => kv.Key), shown.OrderBy(kv => kv.Key));
        Assert.All(view.Townships, t => Assert.StartsWith(county, t.Code, StringComparison.Ordinal));
        Assert.Equal(county == "130102" ? "建北街道" : null, view.Townships.FirstOrDefault(t => t.Code == "130102001")?.Name);
        var table = DashboardTables.Build(view, DashboardTables.Townships)!;
        Assert.Equal(shown.Count, await table.Rows.CountAsync(Ct));
    }

    [Fact]
    public async Task County_WithoutPopulationImported_HasNoRateAgainstThePopulation_AndACityNamesIt()
    {
        // P3 (registered in 130102) lives in 230102, but no extract of 230102 was imported.
        var view = Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(RateScenario.Scope(Roles.Supervisor, "230102"), "230102", 2027, Ct, PopulationBasis.Living)).View;
        var city = Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(RateScenario.Scope(Roles.Supervisor, "230100"), "230100", 2027, Ct, PopulationBasis.Living)).View;

        Assert.Equal(1, view.Totals[M.LivingPopulation]);
        Assert.False(view.Totals.HasPopulation);
        Assert.Null(view.Totals.PopulationRate(PopulationBasis.Living));
        Assert.Null(view.PopulationRate);
        Assert.Equal(["230102"], city.WithoutPopulation.Select(c => c.Code));
        Assert.Null(city.PopulationRate);
        Assert.Equal(TargetCompletion.NoTarget, city.Counties.Single().Completion(PopulationBasis.Living));
    }
}
