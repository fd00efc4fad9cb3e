using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.IntegrationTests.Population;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Dashboards;

/// <summary>
/// The population figures are rebuilt per county: an extract that moves where someone lives marks both the county left
/// and the county joined, and their rebuilt figures count the person in the new one only.
/// </summary>
public sealed class DashboardResidenceChangeTests(RateScenario fixture) : IClassFixture<RateScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PopulationImport_MovingAResidence_MarksAndRebuildsBothCounties()
    {
        var s = fixture.Scenario;
        var scope = RateScenario.Scope(Roles.Supervisor, "130000");
        async Task<long> LivingAsync(string county) =>
            Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(scope, county, 2027, Ct, PopulationBasis.Living)).View.Totals.Population(PopulationBasis.Living);
        var (before102, before123) = (await LivingAsync("130102"), await LivingAsync("130123"));
        var (id, name) = await s.Files.QueryAsync(db => db.Persons.Where(p => p.Id == s["Q2"]).Select(p => new ValueTuple<string, string>(p.IdNumber, p.Name)).SingleAsync(Ct));
        await using (var clear = fixture.DataSource.CreateCommand("delete from dashboard_pending"))
        {
            await clear.ExecuteNonQueryAsync(Ct);
        }

        await new Importer(fixture.DataSource, s.Files.Catalogs, s.Files.Clock).ImportAsync(ImportKind.Population,
            Csv([Row(id, name, "130123", "130123100", "H02", residenceCounty: "130102", residenceTownship: "130102001")]), "moves.csv", new Actor("admin1", null), cancellationToken: Ct);
        var pending = await s.Files.QueryAsync(db => db.DashboardPending.Select(p => p.County).ToListAsync(Ct));
        await using var connection = await fixture.DataSource.OpenConnectionAsync(Ct);
        await DashboardSummaries.RefreshAsync(connection, pending, s.Files.Today, s.Files.Clock.GetUtcNow(), Ct);

        Assert.Contains("130102", pending);
        Assert.Contains("130123", pending);
        Assert.Equal((before102 + 1, before123 - 1), (await LivingAsync("130102"), await LivingAsync("130123")));
    }
}
