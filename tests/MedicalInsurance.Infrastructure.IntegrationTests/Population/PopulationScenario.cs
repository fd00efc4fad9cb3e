using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// A population extract with households split across counties, a death and a move-out, some members insured (here,
/// elsewhere, as employees), a newborn, and a file no extract lists; every file's results recomputed after.
/// </summary>
internal sealed class PopulationScenario
{
    public required Files Files { get; init; }

    public required Dictionary<string, long> Ids { get; init; }

    /// <summary>The scenario's people by label: household H01 of 130102 (P1–P5), H02 of 130123 (Q1–Q3), and R1 (no extract).</summary>
    public long this[string label] => Ids[label];

    public static async Task<PopulationScenario> CreateAsync(MigratedDatabase database)
    {
        var files = new Files(database.ContextFactory);
        var importer = new Importer(database.DataSource, files.Catalogs, files.Clock);
        var people = new (string Label, string Id, object?[] Row)[]
        {
            Person("P1", "130102", "1970-01-01", "王甲", "130102", "130102001", "H01"),
            Person("P2", "130102", "1971-01-01", "王乙", "130102", "130102001", "H01"),
            Person("P3", "130102", "1995-01-01", "王丙", "130102", "130102001", "H01", residenceCounty: "230102", residenceTownship: "230102001"),
            Person("P4", "130102", "1930-01-01", "王丁", "130102", "130102001", "H01", "死亡", "2026-02-01"),
            Person("P5", "130102", "2026-11-01", "王小宝", "130102", "130102001", "H01"),
            Person("P6", "130102", "1980-01-01", "孙戊", "130102", "130102002", "H03"),
            Person("Q1", "130123", "1988-01-01", "赵甲", "130123", "130123100", "H02", residenceCounty: "130102", residenceTownship: "130102002"),
            Person("Q2", "130123", "1989-01-01", "赵乙", "130123", "130123100", "H02"),
            Person("Q3", "130123", "1990-01-01", "赵丙", "130123", "130123100", "H02", "迁出", "2026-05-01"),
        };
        // Q3 is on file first (a payment), so the move-out reaches a file.
        var q3 = await files.AddPersonAsync("130123", "1990-01-02", 2025);
        var q3Id = await files.QueryAsync(db => db.Persons.Where(p => p.Id == q3).Select(p => p.IdNumber).SingleAsync());
        people[^1] = ("Q3", q3Id, Row(q3Id, "测试人", "130123", "130123100", "H02", "迁出", "2026-05-01"));
        await importer.ImportAsync(ImportKind.Population, Csv(people.Select(p => p.Row)), "population.csv", new Actor("admin1", null));

        var ids = await files.QueryAsync(db => db.Persons.ToDictionaryAsync(p => p.IdNumber, p => p.Id));
        var byLabel = people.Where(p => ids.ContainsKey(p.Id)).ToDictionary(p => p.Label, p => ids[p.Id]);
        byLabel["R1"] = await files.AddPersonAsync("130102", "1960-06-06", 2025);
        await AddCoverageAsync(files, byLabel["P1"], 2026, Scheme.Resident, "130102");
        await AddCoverageAsync(files, byLabel["P2"], 2026, Scheme.Resident, "130102");
        await AddCoverageAsync(files, byLabel["P2"], 2027, Scheme.Resident, "130102");
        await AddCoverageAsync(files, byLabel["P6"], 2027, Scheme.Resident, "520102");
        await AddCoverageAsync(files, byLabel["Q2"], 2027, Scheme.Employee, "130123");
        await ResultRefresh.RefreshAsync(database.DataSource, byLabel.Values.Order().ToList(), files.Today, await files.Catalogs.GetAsync(), files.Clock.GetUtcNow());
        return new PopulationScenario { Files = files, Ids = byLabel };
    }

    private static (string Label, string Id, object?[] Row) Person(string label, string idCounty, string birth, string name, string county, string township, string household,
        string status = "正常", string? statusDate = null, string? residenceCounty = null, string? residenceTownship = null)
    {
        var id = Id(idCounty, birth);
        return (label, id, Row(id, name, county, township, household, status, statusDate, residenceCounty, residenceTownship));
    }

    private static async Task AddCoverageAsync(Files files, long personId, int year, Scheme scheme, string county) =>
        await files.QueryAsync(async db =>
        {
            var regions = Regions.RegionDirectory.Shipped;
            db.Coverages.Add(new Coverage
            {
                PersonId = personId,
                Year = year,
                Scheme = scheme,
                PaidOn = new DateOnly(year - 1, 11, 1),
                Amount = 400m,
                County = county,
                PoolingRegion = regions.CityOf(county),
                Origin = county[..2] == "13" ? CoverageOrigin.Import : CoverageOrigin.AnotherProvince,
            });
            return await db.SaveChangesAsync();
        });
}
