using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.NewbornData;
using static MedicalInsurance.Infrastructure.IntegrationTests.Population.PopulationFiles;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// The newborns list against a direct computation over the files, its window boundaries (today is 2026-11-23; the window
/// is 90 days, listed when it closes within 14 days or has closed), scope and masking.
/// </summary>
public sealed class NewbornListTests(NewbornListTests.Fixture fixture) : IClassFixture<NewbornListTests.Fixture>
{
    public sealed class Fixture : MigratedDatabase
    {
        internal Files Files { get; private set; } = null!;

        /// <summary>Newborn files by certificate and persons by label.</summary>
        internal Dictionary<string, long> Ids { get; } = new(StringComparer.Ordinal);

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Files = new Files(ContextFactory);
            var importer = new Importer(DataSource, Files.Catalogs, Files.Clock);
            var mother = Files.NewIdNumber("130102", "1990-01-01");
            await ImportAsync(importer, ImportKind.Births, BirthsCsv(
            [
                Birth("A130000001", "2026-08-01", "已逾期", mother),
                Birth("A130000002", "2026-08-25", "今天止", mother),
                Birth("A130000003", "2026-09-08", "十四天", mother),
                Birth("A130000004", "2026-09-09", "十五天", mother),
                Birth("A130000005", "2025-12-20", "去年生", mother),
                Birth("A130000006", "2024-12-31", "前年生", mother),
                Birth("A130000007", "2026-08-01", "外县", mother, "130123", null),
            ]));
            var people = new Dictionary<string, object?[]>(StringComparer.Ordinal)
            {
                ["uninsured"] = Row(Id("130102", "2026-07-01"), "未参保", "130102", "130102001", "L1"),
                ["insured"] = Row(Id("130102", "2026-07-02"), "已参保", "130102", "130102001", "L1"),
                ["insuredNextYearOnly"] = Row(Id("130102", "2025-12-25"), "次年参保", "130102", "130102001", "L2"),
                ["livesElsewhere"] = Row(Id("130102", "2026-07-03"), "外住", "130102", "130102001", "L3", residenceCounty: "130123", residenceTownship: "130123100"),
                ["adult"] = Row(Id("130102", "1980-07-03"), "成人", "130102", "130102001", "L3"),
            };
            await ImportAsync(importer, ImportKind.Population, Csv(people.Values));
            await using var db = await ContextFactory.CreateDbContextAsync();
            foreach (var n in await db.NewbornFiles.ToListAsync())
            {
                Ids[n.CertificateNumber] = n.Id;
            }

            foreach (var (label, row) in people)
            {
                Ids[label] = await db.Persons.Where(p => p.IdNumber == (string)row[0]!).Select(p => p.Id).SingleAsync();
            }

            Cover(db, Ids["insured"], 2026);
            Cover(db, Ids["insuredNextYearOnly"], 2026);
            await db.SaveChangesAsync();
        }

        private static void Cover(Persistence.MedicalInsuranceDbContext db, long personId, int year) => db.Coverages.Add(new Coverage
        {
            PersonId = personId,
            Year = year,
            Scheme = Scheme.Resident,
            PaidOn = new DateOnly(2026, 11, 1),
            Amount = 400m,
            County = "130102",
            PoolingRegion = "130100",
            Origin = CoverageOrigin.Import,
        });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private NewbornLists Lists => new(fixture.ContextFactory, fixture.Files.Catalogs, fixture.Files.Clock);

    private static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, RegionDirectory.Shipped, "10.0.0.1");

    public static TheoryData<string, string[]> Counties() => new()
    {
        // 次年参保 (born 2025-12-25, insured for 2026) is not listed: insured for the year after the birth, nobody is left to find.
        { "130102", ["A130000005", "uninsured", "A130000001", "A130000002", "A130000003"] },
        { "130123", ["livesElsewhere", "A130000007"] },
    };

    [Theory]
    [MemberData(nameof(Counties))]
    public async Task List_EqualsADirectComputationOverTheFiles_MostUrgentFirst(string county, string[] expected)
    {
        var page = Assert.IsType<NewbornsOutcome.Listed>(await Lists.PageAsync(Scope(Roles.Supervisor, "130100"), county, 0, 500, Ct));
        var direct = await DirectAsync(county);

        Assert.Equal(expected.Select(l => fixture.Ids[l]), direct.Select(d => d.Id));
        Assert.Equal(direct, page.Rows.Select(r => (r.Source, r.Id, r.Deadline)));
        Assert.Equal(direct.Count, page.Total);
        Assert.Equal(90, page.NewbornDays!.Value.Value);
    }

    public static TheoryData<string, string, int?> Boundaries() => new()
    {
        { "passed: born 2026-08-01, closed 2026-10-30", "A130000001", -24 },
        { "closes today: born 2026-08-25", "A130000002", 0 },
        { "closes in 14 days: born 2026-09-08", "A130000003", 14 },
        { "closes in 15 days: born 2026-09-09, not yet listed", "A130000004", null },
        { "born last year: last year's window, closed 2026-03-20", "A130000005", -248 },
        { "born the year before last: not a newborn of this list", "A130000006", null },
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public async Task List_WindowBoundaries(string label, string certificate, int? daysLeft)
    {
        var page = Assert.IsType<NewbornsOutcome.Listed>(await Lists.PageAsync(Scope(Roles.Clerk, "130102"), "130102", 0, 500, Ct));

        var row = page.Rows.SingleOrDefault(r => r.Source == NewbornSource.Certificate && r.Id == fixture.Ids[certificate]);
        Assert.True(daysLeft == row?.DaysLeft(page.AsOf), label);
    }

    [Fact]
    public async Task List_IsMaskedPaged_AndScoped_AndARevealIsAudited()
    {
        var clerk = Scope(Roles.Clerk, "130102", "clerk.newborns");
        var first = Assert.IsType<NewbornsOutcome.Listed>(await Lists.PageAsync(clerk, "130102", 0, 2, Ct));
        var second = Assert.IsType<NewbornsOutcome.Listed>(await Lists.PageAsync(clerk, "130102", 2, 2, Ct));
        var outside = await Lists.PageAsync(Scope(Roles.Clerk, "130123"), "130102", 0, 50, Ct);

        Assert.IsType<NewbornsOutcome.NotFound>(outside);
        Assert.Equal((5L, 5L), (first.Total, second.Total));
        Assert.Equal([fixture.Ids["A130000005"], fixture.Ids["uninsured"]], first.Rows.Select(r => r.Id));
        Assert.Equal([fixture.Ids["A130000001"], fixture.Ids["A130000002"]], second.Rows.Select(r => r.Id));
        var file = second.Rows[0];
        var child = first.Rows[1];
        Assert.Equal(("已*期", "A*****0001"), (file.Name, file.Identifier));
        Assert.Matches("^\\*{14}[0-9]{3}[0-9X]$", file.MotherIdNumber!);
        Assert.Matches("^\\*{14}[0-9]{3}[0-9X]$", child.Identifier);

        var revealed = await Lists.RevealFileAsync(clerk, file.Id, Ct);
        var refused = await Lists.RevealFileAsync(Scope(Roles.Clerk, "130123", "clerk.other"), file.Id, Ct);
        var person = await Lists.RevealPersonAsync(clerk, child.Id, Ct);

        Assert.Equal(("已逾期", (string?)null, "未参保"), (revealed!.Name, refused?.Name, person!.Name));
        var audits = await fixture.Files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "reveal" && (a.UserName == "clerk.newborns" || a.UserName == "clerk.other"))
            .OrderBy(a => a.Id).Select(a => new { a.UserName, a.PersonId, a.Details }).ToListAsync(Ct));
        Assert.Equal([("clerk.newborns", (long?)null), ("clerk.newborns", (long?)child.Id)], audits.Select(a => (a.UserName, a.PersonId)));
        Assert.Contains($"\"newbornFile\": {file.Id}", audits[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"list\": \"newborns\"", audits[1].Details, StringComparison.Ordinal);
    }

    /// <summary>The rule computed over every file in .NET: open newborn files by county, persons by where they live.</summary>
    private async Task<List<(NewbornSource Source, long Id, DateOnly Deadline)>> DirectAsync(string county)
    {
        var today = fixture.Files.Today;
        var catalog = await fixture.Files.Catalogs.GetAsync(Ct);
        Assert.True(catalog.TryResolve(RegionDirectory.Shipped.PolicyOf(county), RegionDirectory.Shipped.CityOf(county), out var policy));
        DateOnly Deadline(DateOnly birth) => birth.AddDays(policy.ForYear(birth.Year).NewbornDays!.Value.Value);
        bool Newborn(DateOnly birth) => birth.Year >= today.Year - 1 && birth <= today && Deadline(birth) <= today.AddDays(NewbornLists.WarningDays);
        var files = await fixture.Files.QueryAsync(db => db.NewbornFiles.AsNoTracking().Where(n => n.PersonId == null && n.County == county).ToListAsync(Ct));
        var persons = await fixture.Files.QueryAsync(db => db.Persons.AsNoTracking().Include(p => p.Coverages).Where(p => p.LivesInCounty == county && p.Status == PersonStatus.Present).ToListAsync(Ct));
        var townships = await fixture.Files.QueryAsync(db => db.Persons.AsNoTracking().Where(p => p.LivesInCounty == county).ToDictionaryAsync(p => p.Id, p => p.LivesInTownship, Ct));
        return files.Where(n => Newborn(n.BirthDate)).Select(n => (NewbornSource.Certificate, n.Id, Deadline(n.BirthDate), n.Township))
            .Concat(persons.Where(p => Newborn(p.BirthDate) && p.Coverages.All(c => c.Year != p.BirthDate.Year && c.Year != p.BirthDate.Year + 1)).Select(p => (NewbornSource.Person, p.Id, Deadline(p.BirthDate), townships[p.Id])))
            .OrderBy(x => x.Item3).ThenBy(x => x.Item4 ?? "\uffff", StringComparer.Ordinal).ThenBy(x => x.Item1 == NewbornSource.Certificate ? 0 : 1).ThenBy(x => x.Item2)
            .Select(x => (x.Item1, x.Item2, x.Item3)).ToList();
    }
}
