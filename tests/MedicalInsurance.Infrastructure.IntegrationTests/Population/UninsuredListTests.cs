using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>The list of the uninsured against a direct computation over the files, by registration and by residence.</summary>
public sealed class UninsuredListTests(UninsuredListTests.Fixture fixture) : IClassFixture<UninsuredListTests.Fixture>
{
    public sealed class Fixture : MigratedDatabase
    {
        internal PopulationScenario Scenario { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Scenario = await PopulationScenario.CreateAsync(this);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PopulationScenario S => fixture.Scenario;

    private UninsuredLists Lists => new(fixture.ContextFactory, S.Files.Catalogs, S.Files.Clock);

    private static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, Regions.RegionDirectory.Shipped, "10.0.0.1");

    public static TheoryData<string, ListDuty, int, string[]> Lists2027() => new()
    {
        { "130102", ListDuty.Registered, 2027, ["P1", "P3", "P5", "R1"] },
        { "130102", ListDuty.Residence, 2027, ["P1", "P5", "Q1", "R1"] },
        { "130123", ListDuty.Registered, 2027, ["Q1"] },
        { "230102", ListDuty.Residence, 2027, ["P3"] },
        { "130102", ListDuty.Registered, 2026, ["P3", "P5", "P6", "R1"] },
    };

    [Theory]
    [MemberData(nameof(Lists2027))]
    public async Task List_EqualsADirectComputationOverTheFiles_InTownshipHouseholdAndPersonOrder(string county, ListDuty duty, int year, string[] expected)
    {
        var scope = Scope(Roles.Supervisor, county[..2] + "0000");

        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(scope, county, year, duty, 0, 500, Ct));
        var direct = await DirectAsync(county, year, duty);

        Assert.Equal(expected.Select(l => S[l]), direct.Select(d => d.PersonId));
        Assert.Equal(direct.Select(d => d.PersonId), page.Rows.Select(r => r.PersonId));
        Assert.Equal(direct.Count, await Lists.CountAsync(scope, county, year, duty, Ct));
        Assert.Equal(direct.Select(d => (d.Reason, d.LastInsuredYear, d.Household)), page.Rows.Select(r => (r.Reason, r.LastInsuredYear, r.Household)));
        // What missing the period would mean is the engine's answer stored with each file's results.
        var stored = await S.Files.QueryAsync(db => db.ComputedResults.Where(r => r.Year == year && page.Rows.Select(p => p.PersonId).Contains(r.PersonId))
            .ToDictionaryAsync(r => r.PersonId, r => (r.IfLateWaitingMonths, r.IfLateBenefitsFrom, r.IfSkipDecrease), Ct));
        Assert.All(page.Rows, r => Assert.Equal(stored[r.PersonId], (r.IfLateWaitingMonths, r.IfLateBenefitsFrom, r.IfSkipDecrease)));
        Assert.All(page.Rows.Where(r => r.Reason != UninsuredReason.Newborn), r => Assert.NotNull(r.IfLateWaitingMonths));
    }

    [Fact]
    public async Task List_SaysWhyAndTheHouseholdsState()
    {
        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(Scope(Roles.Clerk, "130102"), "130102", 2027, ListDuty.Registered, 0, 50, Ct));
        var byId = page.Rows.ToDictionary(r => r.PersonId);

        Assert.Equal((UninsuredReason.Broke, 2026, "断保（自2027年度起未参保）"), (byId[S["P1"]].Reason, byId[S["P1"]].LastInsuredYear!.Value, byId[S["P1"]].ReasonText));
        Assert.Equal((UninsuredReason.NeverInsured, "从未参保"), (byId[S["P3"]].Reason, byId[S["P3"]].ReasonText));
        Assert.Equal((UninsuredReason.Newborn, "新生儿未参保（2026-11-01出生）"), (byId[S["P5"]].Reason, byId[S["P5"]].ReasonText));
        Assert.Equal((UninsuredReason.Broke, 2025), (byId[S["R1"]].Reason, byId[S["R1"]].LastInsuredYear!.Value));
        // H01: P2 paid for 2027; P1, P3 and P5 have not; P4 died (no file was made for him).
        Assert.Equal(new HouseholdState(1, 3), byId[S["P1"]].Household);
        Assert.Equal("家人已缴1人，未缴2人", byId[S["P1"]].Household!.FromUnpaidMember);
        Assert.Null(byId[S["R1"]].Household);
        Assert.Equal(("130102001", "建北街道", false), (byId[S["P1"]].Township, byId[S["P1"]].TownshipName, byId[S["P1"]].TownshipFlagged));
        Assert.Equal("230102", byId[S["P3"]].LivesInCounty);
        Assert.Equal(90, page.NewbornDays!.Value.Value);
        Assert.Equal(Domain.Provinces.ParameterStatus.Unconfirmed, page.NewbornDays.Value.Parameter.Status);
    }

    [Fact]
    public async Task List_IsMasked_AndARevealIsAudited_ForTheRegisteringAndTheResidenceCountyOnly()
    {
        var clerk = Scope(Roles.Clerk, "130102", "clerk.reveal");
        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(clerk, "130102", 2027, ListDuty.Residence, 0, 50, Ct));
        var q1 = page.Rows.Single(r => r.PersonId == S["Q1"]);

        var revealed = await Lists.RevealAsync(clerk, S["Q1"], Ct);
        var outsider = await Lists.RevealAsync(Scope(Roles.Clerk, "130202", "clerk.other"), S["Q1"], Ct);

        Assert.Equal("赵*", q1.Name);
        Assert.Contains("*", q1.IdNumber, StringComparison.Ordinal);
        Assert.Equal("赵甲", revealed!.Name);
        Assert.Null(outsider);
        Assert.Equal(1, await S.Files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "reveal" && a.PersonId == S["Q1"] && a.UserName == "clerk.reveal", Ct)));
        Assert.Equal(0, await S.Files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.UserName == "clerk.other", Ct)));
    }

    [Fact]
    public async Task List_OutsideTheCallersScope_IsNotFound()
    {
        var outcome = await Lists.PageAsync(Scope(Roles.Clerk, "130123"), "130102", 2027, ListDuty.Registered, 0, 50, Ct);

        Assert.IsType<UninsuredOutcome.NotFound>(outcome);
    }

    [Fact]
    public async Task Exports_DoorToDoorAndSms_AreAudited_NamesAndPhonesInFull_IdNumbersMasked_SmsFromTheSupervisorsTemplate()
    {
        var supervisor = Scope(Roles.Supervisor, "130100", "sup.sjz");
        var templates = new SmsTemplates(fixture.ContextFactory, S.Files.Clock);
        var exports = new PopulationExports(Lists, templates);
        var refused = await templates.SaveAsync(Scope(Roles.Clerk, "130102"), "{姓名}", Ct);
        var unknown = await templates.SaveAsync(supervisor, "{姓名}{手机}", Ct);
        var saved = await templates.SaveAsync(supervisor, "{姓名}您好，请缴纳{年度}年度医保，截至{截止日期}，逾期等待期{等待期}。{县区}", Ct);

        var door = await RowsAsync((await exports.DoorToDoorAsync(supervisor, "130102", 2027, ListDuty.Registered, ExportFormat.Csv, Ct))!);
        var sms = await RowsAsync((await exports.SmsAsync(supervisor, "130102", 2027, ListDuty.Registered, ExportFormat.Xlsx, Ct))!);
        var outside = await exports.DoorToDoorAsync(Scope(Roles.Clerk, "130123"), "130102", 2027, ListDuty.Registered, ExportFormat.Csv, Ct);

        Assert.NotNull(refused);
        Assert.Contains("{手机}", unknown, StringComparison.Ordinal);
        Assert.Null(saved);
        Assert.Null(outside);
        Assert.Equal(["王甲", "王丙", "王小宝", "测试人"], door.Select(r => (string)r[3]!));
        Assert.All(door, r => Assert.Contains("*", (string)r[4]!, StringComparison.Ordinal));
        Assert.Equal("家人已缴1人，未缴2人", door[0][9]);
        // Only those with a phone: the population extract carries none, the file made from a payment has one.
        var message = Assert.Single(sms);
        Assert.Equal(("13800000000", "测试人"), ((string)message[0]!, (string)message[1]!));
        Assert.StartsWith("测试人您好，请缴纳2027年度医保，截至2026年12月28日，逾期等待期", (string)message[2]!, StringComparison.Ordinal);
        Assert.EndsWith("长安区", (string)message[2]!, StringComparison.Ordinal);
        var audits = await S.Files.QueryAsync(db => db.AuditEntries.Where(a => a.UserName == "sup.sjz").OrderBy(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync(Ct));
        Assert.Equal(["sms-template", "export", "export"], audits.Select(a => a.Action));
        Assert.Contains("\"table\": \"uninsured\"", audits[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"rows\": 4", audits[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"table\": \"uninsuredSms\"", audits[2].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Household_AtTheCounter_ListsEveryMemberMasked_WithWhoHasPaidForTheYear_AcrossCounties()
    {
        var households = new Households(fixture.ContextFactory);
        // A clerk of 道里区, where P3 lives: P3's household is registered in 长安区.
        var seenFromResidence = await households.OfAsync(Scope(Roles.Clerk, "230102"), S["P3"], 2027, Ct);
        var registered = await households.OfAsync(Scope(Roles.Clerk, "130102"), S["P1"], 2027, Ct);
        var noHousehold = await households.OfAsync(Scope(Roles.Clerk, "130102"), S["R1"], 2027, Ct);
        var outside = await households.OfAsync(Scope(Roles.Clerk, "130123"), S["P1"], 2027, Ct);

        Assert.NotNull(seenFromResidence);
        Assert.Equal(registered!.Members.Select(m => m.PersonId), seenFromResidence.Members.Select(m => m.PersonId));
        // P4's death came before any file was made for him: no file, no member.
        Assert.Equal(["王*", "王*", "王*", "王*宝"], registered.Members.Select(m => m.Name));
        Assert.Equal(["未缴", "已缴", "未缴", "未缴"], registered.Members.Select(m => m.State(2027)));
        Assert.Equal(new HouseholdState(1, 3), registered.State);
        Assert.True(registered.Members.Single(m => m.PersonId == S["P1"]).IsThePerson);
        Assert.Equal("230102", registered.Members.Single(m => m.PersonId == S["P3"]).LivesInCounty);
        Assert.Null(noHousehold);
        Assert.Null(outside);
    }

    private static async Task<List<object?[]>> RowsAsync(ExportTable table)
    {
        var rows = new List<object?[]>();
        await foreach (var row in table.Rows)
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The list computed from the files directly: who, in which order, why, and the household's state.</summary>
    private async Task<List<(long PersonId, UninsuredReason Reason, int? LastInsuredYear, HouseholdState? Household)>> DirectAsync(string county, int year, ListDuty duty)
    {
        var persons = await S.Files.QueryAsync(db => db.Persons.AsNoTracking().Include(p => p.Coverages).ToListAsync(Ct));
        var end = new DateOnly(year, 12, 31);
        bool Present(Person p) => p.Status == PersonStatus.Present && p.BirthDate <= end;
        bool Insured(Person p) => p.Coverages.Any(c => c.Year == year);
        var listed = persons
            .Where(p => Present(p) && !Insured(p) && (duty == ListDuty.Registered ? p.HouseholdCounty : p.ResidenceCounty ?? p.HouseholdCounty) == county)
            .Select(p => (Person: p, Township: duty == ListDuty.Registered ? p.HouseholdTownship : p.ResidenceCounty is null ? p.HouseholdTownship : p.ResidenceTownship))
            .OrderBy(x => x.Township is null).ThenBy(x => x.Township, StringComparer.Ordinal).ThenBy(x => x.Person.HouseholdNumber is null)
            .ThenBy(x => x.Person.HouseholdNumber, StringComparer.Ordinal).ThenBy(x => x.Person.Id);
        return listed.Select(x =>
        {
            var p = x.Person;
            var last = p.Coverages.Where(c => c.Year < year).Select(c => (int?)c.Year).Max();
            var reason = last is not null ? UninsuredReason.Broke : UninsuredLists.IsNewborn(p.BirthDate, year, 90) ? UninsuredReason.Newborn : UninsuredReason.NeverInsured;
            var members = p.HouseholdNumber is null ? null : persons.Where(m => m.HouseholdCounty == p.HouseholdCounty && m.HouseholdNumber == p.HouseholdNumber && Present(m)).ToList();
            return (p.Id, reason, last, members is null ? null : new HouseholdState(members.Count(Insured), members.Count(m => !Insured(m))));
        }).ToList();
    }
}
