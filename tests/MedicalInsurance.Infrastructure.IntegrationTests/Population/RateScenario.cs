using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// The population scenario, plus D1: on file in 130102 (paid for 2025), then reported dead on 2026-06-01 by a second
/// extract; with the dashboard figures of the counties registered in and lived in built.
/// </summary>
public sealed class RateScenario : MigratedDatabase
{
    public static readonly string[] Counties = ["130102", "130123", "230102"];

    internal PopulationScenario Scenario { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Scenario = await PopulationScenario.CreateAsync(this);
        var files = Scenario.Files;
        var dead = await files.AddPersonAsync("130102", "1950-03-03", 2025);
        var (id, name) = await files.QueryAsync(db => db.Persons.Where(p => p.Id == dead).Select(p => new ValueTuple<string, string>(p.IdNumber, p.Name)).SingleAsync());
        await new Importer(DataSource, files.Catalogs, files.Clock)
            .ImportAsync(ImportKind.Population, Csv([Row(id, name, "130102", "130102001", "H04", "死亡", "2026-06-01")]), "deaths.csv", new Actor("admin1", null));
        Scenario.Ids["D1"] = dead;
        await using var connection = await DataSource.OpenConnectionAsync();
        await DashboardSummaries.RefreshAsync(connection, Counties, files.Today, files.Clock.GetUtcNow());
    }

    internal DashboardQueries Queries => new(Persistence.ReadRouting.PrimaryOnly(ContextFactory), Scenario.Files.Catalogs, Scenario.Files.Clock);

    internal EnrollmentTargets Targets => new(ContextFactory, Scenario.Files.Clock);

    internal static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, Regions.RegionDirectory.Shipped, "10.0.0.1");
}
