using System.Text;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// The duplicates list (重复参保) of 长安区 for 2027 beside a few thousand demo residents (analyzed, so the planner weighs
/// the list as on a real file), against a direct computation over the files; and the payments import that reports them.
/// </summary>
public sealed class DuplicateListTests(DuplicateListTests.Fixture fixture) : IClassFixture<DuplicateListTests.Fixture>
{
    private const int Year = 2027;

    public sealed class Fixture : MigratedDatabase
    {
        internal Files Files { get; private set; } = null!;

        /// <summary>The scenario's persons by label.</summary>
        internal Dictionary<string, long> Persons { get; } = [];

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Files = new Files(ContextFactory);
            await DemoSeeder.SeedAsync(DataSource, 2000, seed: 7, Files.Clock, await Files.Catalogs.GetAsync(), _ => { });
            // Resident and employee cover in 长安区.
            Persons["same county"] = await AddAsync("130102", (Scheme.Resident, "130102", null), (Scheme.Employee, "130102", null));
            // Resident cover at home, employee cover in Beijing (两地).
            Persons["two counties"] = await AddAsync("130102", (Scheme.Resident, "130102", null), (Scheme.Employee, "110105", null));
            Persons["resident only"] = await AddAsync("130102", (Scheme.Resident, "130102", null));
            // A switch from employee cover that ended in the year, registered as such: not a duplicate.
            Persons["switched"] = await AddAsync("130102", (Scheme.Resident, "130102", new DateOnly(Year, 3, 31)), (Scheme.Employee, "130102", null));
            Persons["other county"] = await AddAsync("130123", (Scheme.Resident, "130123", null), (Scheme.Employee, "130123", null));
            // Employee cover, and a resident registration for the year voided as made in error: its record went with the void.
            var voided = await AddAsync("130102", (Scheme.Employee, "130102", null));
            await using (var db = await ContextFactory.CreateDbContextAsync())
            {
                db.Coverages.Add(new Coverage { PersonId = voided, Year = 2024, Scheme = Scheme.Resident, PaidOn = new DateOnly(2023, 11, 1), PoolingRegion = "130100", County = "130102", Origin = CoverageOrigin.Import });
                await db.SaveChangesAsync();
            }

            var registered = await Files.Registrations.RegisterAsync(
                new RegistrationRequest(voided, new PendingEnrollment(Year, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 0, null, false), 400m), Files.Clerk());
            var registration = Assert.IsType<RegistrationOutcome.Registered>(registered).RegistrationId;
            Assert.IsType<VoidOutcome.Voided>(await Files.Registrations.VoidAsync(registration, "登记有误", Scope(Roles.Supervisor, "130100", "sup.void")));
            Persons["voided"] = voided;
            await using var analyze = DataSource.CreateCommand("analyze");
            await analyze.ExecuteNonQueryAsync();
        }

        /// <summary>A person of <paramref name="county"/> with the given records for the list's year.</summary>
        internal async Task<long> AddAsync(string county, params (Scheme Scheme, string County, DateOnly? SwitchedFromEmployeeOn)[] records)
        {
            await using var db = await ContextFactory.CreateDbContextAsync();
            var id = IdNumber.Parse(Files.NewIdNumber(county));
            var person = new Person { IdNumber = id.Value, Name = "测试人", BirthDate = id.BirthDate, Sex = id.Sex, HouseholdCounty = county, Phone = "13812345678" };
            foreach (var (scheme, where, switched) in records)
            {
                person.Coverages.Add(new Coverage
                {
                    Year = Year,
                    Scheme = scheme,
                    PaidOn = new DateOnly(Year - 1, 11, 1),
                    Amount = scheme == Scheme.Resident ? 400m : null,
                    County = where,
                    PoolingRegion = RegionDirectory.Shipped.CityOf(where),
                    PreviousCoverageEndedOn = switched,
                    Origin = where[..2] == county[..2] ? CoverageOrigin.Import : CoverageOrigin.AnotherProvince,
                });
            }

            db.Persons.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        }
    }

    private static readonly Actor Admin = new("admin1", "127.0.0.1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Files Files => fixture.Files;

    private Duplicates List => new(fixture.ContextFactory, Files.Clock);

    private long this[string label] => fixture.Persons[label];

    private static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, RegionDirectory.Shipped, "10.0.0.1");

    [Fact]
    public async Task List_HoldsResidentAndEmployeeYears_InOneCountyOrTwo_AndEqualsADirectComputation()
    {
        var page = Assert.IsType<DuplicatesOutcome.Listed>(await List.PageAsync(Scope(Roles.Clerk, "130102"), "130102", Year, 0, 500, Ct));
        var direct = await DirectAsync("130102", Year);
        var byId = page.Rows.ToDictionary(r => r.PersonId);

        Assert.Contains(this["same county"], byId.Keys);
        Assert.Contains(this["two counties"], byId.Keys);
        Assert.Equal(direct, page.Rows.Select(r => r.PersonId).Order());
        Assert.Equal(direct.Count, page.Total);
        Assert.False(byId[this["same county"]].AcrossCounties);
        Assert.True(byId[this["two counties"]].AcrossCounties);
        // Every record of the year, resident first, with where and how it was made.
        Assert.Equal(
            [(Scheme.Resident, "130102", "130100", CoverageOrigin.Import), (Scheme.Employee, "110105", "110100", CoverageOrigin.AnotherProvince)],
            byId[this["two counties"]].Records.Select(r => (r.Scheme, r.County, r.PoolingRegion, r.Origin)));
    }

    [Theory]
    [InlineData("resident only")]
    [InlineData("switched")]
    [InlineData("voided")]
    [InlineData("other county")]
    public async Task List_LeavesOut_ASingleRecord_ARegisteredSwitch_AVoidedRegistration_AndAnotherCountysResidents(string label)
    {
        var page = Assert.IsType<DuplicatesOutcome.Listed>(await List.PageAsync(Scope(Roles.Supervisor, "130100"), "130102", Year, 0, 500, Ct));

        Assert.DoesNotContain(this[label], page.Rows.Select(r => r.PersonId));
    }

    [Fact]
    public async Task List_IsMasked_AndARevealIsAudited_ForTheCallersCountyOnly()
    {
        var clerk = Scope(Roles.Clerk, "130102", "clerk.duplicates");
        var page = Assert.IsType<DuplicatesOutcome.Listed>(await List.PageAsync(clerk, "130102", Year, 0, 500, Ct));
        var row = page.Rows.Single(r => r.PersonId == this["same county"]);

        var revealed = await List.RevealAsync(clerk, row.PersonId, Ct);
        var outsider = await List.RevealAsync(Scope(Roles.Clerk, "130123", "clerk.outsider"), row.PersonId, Ct);

        Assert.Equal(("测*人", "138****5678"), (row.Name, row.Phone));
        var full = await Files.QueryAsync(db => db.Persons.Where(p => p.Id == row.PersonId).Select(p => p.IdNumber).SingleAsync(Ct));
        Assert.Equal(new string('*', 14) + full[^4..], row.IdNumber);
        Assert.Equal(("测试人", "13812345678"), (revealed!.Name, revealed.Phone));
        Assert.Null(outsider);
        var audits = await Files.QueryAsync(db => db.AuditEntries.Where(a => a.UserName == "clerk.duplicates" || a.UserName == "clerk.outsider").Select(a => new { a.Action, a.PersonId, a.Details }).ToListAsync(Ct));
        var audit = Assert.Single(audits);
        Assert.Equal(("reveal", row.PersonId), (audit.Action, audit.PersonId!.Value));
        Assert.Contains("\"list\": \"duplicates\"", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ForAClerkOfAnotherCounty_IsNotFound_AndTheirOwnCountyHoldsOnlyTheirs()
    {
        var clerk = Scope(Roles.Clerk, "130123");

        var outside = await List.PageAsync(clerk, "130102", Year, 0, 500, Ct);
        var own = Assert.IsType<DuplicatesOutcome.Listed>(await List.PageAsync(clerk, "130123", Year, 0, 500, Ct));

        Assert.IsType<DuplicatesOutcome.NotFound>(outside);
        Assert.Contains(this["other county"], own.Rows.Select(r => r.PersonId));
        Assert.DoesNotContain(this["same county"], own.Rows.Select(r => r.PersonId));
        Assert.Equal(await DirectAsync("130123", Year), own.Rows.Select(r => r.PersonId).Order());
    }

    [Fact]
    public async Task List_ReadsPersonsByTheCountyIndex_AndCoveragesByTheirKey_NeverWhole()
    {
        var plans = new ExecutedPlans(fixture.ConnectionString);
        var list = new Duplicates(plans.Factory, Files.Clock);

        var page = Assert.IsType<DuplicatesOutcome.Listed>(await list.PageAsync(Scope(Roles.Clerk, "130102"), "130102", Year, 0, 50, Ct));

        Assert.NotEmpty(page.Rows);
        plans.AssertReadOnlyThrough("persons", "ix_persons_household", "household_county");
        plans.AssertReadOnlyThrough("coverages", "ix_coverages_person_id_year_scheme", "person_id");
    }

    [Fact]
    public async Task PaymentsImport_CountsThePersonsItMakesInsuredTwice_WithoutRefusingTheirRows()
    {
        var importer = new Importer(fixture.DataSource, Files.Catalogs, Files.Clock);
        // Resident-insured for the year in 长安区; the file brings employee cover for it.
        var employee = await fixture.AddAsync("130102", (Scheme.Resident, "130102", null));
        // Resident-insured for the year in 长安区; the file says the year's resident cover was paid in 桥西区.
        var elsewhere = await fixture.AddAsync("130102", (Scheme.Resident, "130102", null));
        // Not insured for the year: employee cover alone is no duplicate.
        var single = await fixture.AddAsync("130102");
        var ids = await Files.QueryAsync(db => db.Persons.Where(p => p.Id == employee || p.Id == elsewhere || p.Id == single).ToDictionaryAsync(p => p.Id, p => p.IdNumber, Ct));
        var path = ImportFiles.Csv(
        [
            ImportFiles.PaymentHeader,
            [ids[employee], "测试人", Year, "2026-11-05", "", "职工", "", "130102"],
            [ids[elsewhere], "测试人", Year, "2026-11-01", 400, "居民", "", "130104"],
            [ids[single], "测试人", Year, "2026-11-05", "", "职工", "", "130102"],
        ], new UTF8Encoding(false));

        var run = Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(ImportKind.Payments, path, "duplicates.csv", Admin, null, Ct)).Run;
        var stored = await Files.QueryAsync(db => db.ImportRuns.SingleAsync(r => r.Id == run.Id, Ct));
        var page = Assert.IsType<DuplicatesOutcome.Listed>(await List.PageAsync(Scope(Roles.Clerk, "130102"), "130102", Year, 0, 500, Ct));
        var audit = await Files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "import" && a.UserName == "admin1").OrderBy(a => a.Id).Select(a => a.Details).LastAsync(Ct));

        Assert.Equal((2L, 2L, 0L), (run.Duplicates, stored.Duplicates, run.Errors));
        Assert.Equal((2L, 1L), (run.Inserted, run.Unchanged));
        Assert.Contains("\"duplicates\": 2", audit, StringComparison.Ordinal);
        Assert.Contains(employee, page.Rows.Select(r => r.PersonId));
        Assert.DoesNotContain(single, page.Rows.Select(r => r.PersonId));
        // One resident record per person and year: the second county's payment is counted, not stored beside the first.
        Assert.DoesNotContain(elsewhere, page.Rows.Select(r => r.PersonId));
    }

    /// <summary>The persons of the county with a resident (not a registered switch) and an employee record for the year, computed from the files.</summary>
    private async Task<List<long>> DirectAsync(string county, int year)
    {
        var persons = await Files.QueryAsync(db => db.Persons.AsNoTracking().Where(p => p.HouseholdCounty == county).Include(p => p.Coverages).ToListAsync(Ct));
        return persons.Where(p =>
                p.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Resident && !(c.PreviousCoverageEndedOn >= new DateOnly(year, 1, 1)))
                && p.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Employee))
            .Select(p => p.Id).Order().ToList();
    }
}
