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

    internal sealed record Direct(long Population, long Insured, Dictionary<string, (long Population, long Insured)> Townships, long[] Persons, long[] InsuredPersons);

    /// <summary>
    /// A county's population for a year counted directly over the persons and their coverage (never through
    /// computed_results or the figures): born by its last day, and present, or dead or moved out no earlier than its first
    /// day; insured: any coverage of the year, any scheme, any county.
    /// </summary>
    internal async Task<Direct> DirectAsync(string county, int year, PopulationBasis basis)
    {
        var rows = await Scenario.Files.QueryAsync(db => db.Persons
            .Where(p => (basis == PopulationBasis.Registered ? p.HouseholdCounty : p.LivesInCounty) == county)
            .Where(p => p.BirthDate <= new DateOnly(year, 12, 31))
            .Where(p => p.Status == Persons.PersonStatus.Present || p.StatusDate >= new DateOnly(year, 1, 1))
            .Select(p => new
            {
                p.Id,
                Township = basis == PopulationBasis.Registered ? p.HouseholdTownship : p.LivesInTownship,
                Insured = db.Coverages.Any(c => c.PersonId == p.Id && c.Year == year),
            })
            .ToListAsync(TestContext.Current.CancellationToken));
        return new Direct(rows.Count, rows.Count(r => r.Insured), rows.Where(r => r.Township is not null).GroupBy(r => r.Township!)
            .ToDictionary(g => g.Key.Trim(), g => ((long)g.Count(), (long)g.Count(r => r.Insured))),
            [.. rows.Select(r => r.Id).Order()], [.. rows.Where(r => r.Insured).Select(r => r.Id).Order()]);
    }

    internal static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, Regions.RegionDirectory.Shipped, "10.0.0.1");
}
