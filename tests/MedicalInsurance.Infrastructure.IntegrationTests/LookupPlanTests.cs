using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>A few thousand demo residents, analyzed, so the planner weighs the look-ups as on a real file.</summary>
public sealed class LookupDatabase : MigratedDatabase
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var files = new Files(ContextFactory);
        await DemoSeeder.SeedAsync(DataSource, 2000, seed: 5, files.Clock, await files.Catalogs.GetAsync(), _ => { });
    }
}

/// <summary>
/// Every way a person is found reaches <c>persons</c> through its index, as the real code sends it: a parameter of
/// the wrong type makes PostgreSQL cast the column on every row, and the look-up becomes a scan of the whole file
/// (150–200 ms at 1 M persons; docs/benchmarks.md). The plans are the server's own (<see cref="ExecutedPlans"/>).
/// </summary>
public sealed class LookupPlanTests(LookupDatabase database) : IClassFixture<LookupDatabase>
{
    private const string ByIdNumber = "ix_persons_id_number";
    private const string ByNameAndBirthDate = "ix_persons_household_county_name_birth_date";

    private readonly Files _files = new(database.ContextFactory);
    private readonly ExecutedPlans _plans = new(database.ConnectionString);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PersonLookup Lookup => new(_plans.Factory, new LookupRateLimiter(_files.Clock), ReadRouting.PrimaryOnly(_plans.Factory));

    private Task<Person> ResidentOfChanganAsync() =>
        _files.QueryAsync(db => db.Persons.AsNoTracking().Where(p => p.HouseholdCounty == "130102").OrderBy(p => p.Id).FirstAsync(Ct));

    [Fact]
    public async Task FindByIdNumber_OfTheLookupPageAndTheApi_ReadsPersonsByTheIdNumberIndex()
    {
        var person = await ResidentOfChanganAsync();

        var outcome = await Lookup.FindByIdNumberAsync(Files.Clerk(), person.IdNumber, Ct);

        Assert.Equal(person.Id, Assert.IsType<LookupOutcome.Found>(outcome).File.Person.Id);
        _plans.AssertReadOnlyThrough("persons", ByIdNumber, "id_number");
    }

    // A province's 180 counties are left out: on this small table the planner rightly prefers walking the primary key in
    // the order asked for; at 1 M persons it probes this index (0.4 ms, docs/benchmarks.md).
    [Theory]
    [InlineData("clerk of the county", Roles.Clerk, "130102")]
    [InlineData("supervisor of the city", Roles.Supervisor, "130100")]
    public async Task SearchByNameAndBirthDate_WithinTheUsersCounties_ReadsPersonsByTheCountyNameBirthDateIndex(string label, string role, string scopeCode)
    {
        var person = await ResidentOfChanganAsync();
        var scope = UserScope.For($"user-{role}", role, scopeCode, RegionDirectory.Shipped, null);

        var matches = await Lookup.SearchAsync(scope, person.Name, person.BirthDate, Ct);

        Assert.True(matches?.Any(m => m.Id == person.Id), label);
        _plans.AssertReadOnlyThrough("persons", ByNameAndBirthDate, "household_county");
    }

    [Fact]
    public async Task Creation_OfANumberAlreadyOnFile_FindsTheExistingFileByTheIdNumberIndex()
    {
        var person = await ResidentOfChanganAsync();
        var creation = new PersonFileCreation(_plans.Factory, _files.Catalogs, _files.Clock);

        var outcome = await creation.CreateAsync(new NewPerson(person.IdNumber, person.Name, "130102", null, null), Files.Clerk(), Ct);

        Assert.Equal(person.Id, Assert.IsType<CreationOutcome.Exists>(outcome).PersonId);
        _plans.AssertReadOnlyThrough("persons", ByIdNumber, "id_number");
    }

    [Fact]
    public async Task NewbornMerge_ByTheIdNumberAClerkTypes_FindsThePersonByTheIdNumberIndex()
    {
        var person = await ResidentOfChanganAsync();
        var importer = new Imports.Importer(database.DataSource, _files.Catalogs, _files.Clock);
        var mother = await _files.QueryAsync(db => db.Persons.Where(p => p.HouseholdCounty == "130102" && p.Id != person.Id).OrderBy(p => p.Id).Select(p => p.IdNumber).FirstAsync(Ct));
        await Population.NewbornData.ImportAsync(importer, Imports.ImportKind.Births, Population.NewbornData.BirthsCsv(
            [Population.NewbornData.Birth("O130009901", person.BirthDate.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), null, mother)]));
        var file = await _files.QueryAsync(db => db.NewbornFiles.Where(n => n.CertificateNumber == "O130009901").Select(n => n.Id).SingleAsync(Ct));

        // Refused (the birth dates differ) after the look-up: what is measured is how the person was found.
        var outcome = await new Infrastructure.Population.NewbornMerges(_plans.Factory, _files.Clock).MergeAsync(Files.Clerk(), file, person.IdNumber, Ct);

        Assert.IsType<Infrastructure.Population.NewbornMergeOutcome.Invalid>(outcome);
        _plans.AssertReadOnlyThrough("persons", ByIdNumber, "id_number");
    }
}
