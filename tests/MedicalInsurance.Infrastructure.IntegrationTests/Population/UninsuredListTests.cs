using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>
/// The list of the uninsured against a direct computation over the files and the newborn files no ID number has reached, by
/// registration and by residence.
/// </summary>
public sealed class UninsuredListTests(UninsuredListTests.Fixture fixture) : IClassFixture<UninsuredListTests.Fixture>
{
    public sealed class Fixture : MigratedDatabase
    {
        internal PopulationScenario Scenario { get; private set; } = null!;

        /// <summary>Newborn files by label: N1 (mother P2 of H01, named), N2 (mother not on file), N3 (mother Q1, registered in 130123, born where she lives), N4 (merged into P5).</summary>
        internal Dictionary<string, long> Newborns { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Scenario = await PopulationScenario.CreateAsync(this);
            var files = Scenario.Files;
            var idOf = await files.QueryAsync(db => db.Persons.ToDictionaryAsync(p => p.Id, p => p.IdNumber));
            var importer = new Imports.Importer(DataSource, files.Catalogs, files.Clock);
            await NewbornData.ImportAsync(importer, Imports.ImportKind.Births, NewbornData.BirthsCsv(
            [
                NewbornData.Birth("O130000901", "2026-11-15", "王小二", idOf[Scenario["P2"]], "130102", "130102001"),
                NewbornData.Birth("O130000902", "2026-03-01", null, PopulationFiles.Id("130102", "1994-04-04"), "130102", "130102002"),
                NewbornData.Birth("O130000903", "2026-10-10", null, idOf[Scenario["Q1"]], "130102", "130102002"),
                NewbornData.Birth("O130000904", "2026-11-01", null, idOf[Scenario["P1"]], "130102", "130102001"),
            ]));
            // The mother's phone is the newborn's on the list; N4 is P5's, merged (as a population extract with the certificate does).
            await files.QueryAsync(db => db.Persons.Where(p => p.Id == Scenario["P2"]).ExecuteUpdateAsync(u => u.SetProperty(p => p.Phone, "13900000002")));
            await files.QueryAsync(db => db.NewbornFiles.Where(n => n.CertificateNumber == "O130000904").ExecuteUpdateAsync(u => u.SetProperty(n => n.PersonId, Scenario["P5"]).SetProperty(n => n.MergedAt, files.Clock.GetUtcNow())));
            Newborns = await files.QueryAsync(db => db.NewbornFiles.ToDictionaryAsync(n => "N" + n.CertificateNumber[^1..], n => n.Id));
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PopulationScenario S => fixture.Scenario;

    private UninsuredLists Lists => new(fixture.ContextFactory, S.Files.Catalogs, S.Files.Clock);

    private static UserScope Scope(string role, string code, string user = "u1") => UserScope.For(user, role, code, Regions.RegionDirectory.Shipped, "10.0.0.1");

    // Within a household its unregistered newborns come first; N2's mother is not on file: by registration, the births
    // extract's residence stands for her household. N4 is P5's and shows as P5 only.
    public static TheoryData<string, ListDuty, int, string[]> Lists2027() => new()
    {
        { "130102", ListDuty.Registered, 2027, ["N1", "P1", "P3", "P5", "N2", "R1"] },
        { "130102", ListDuty.Residence, 2027, ["N1", "P1", "P5", "N3", "Q1", "N2", "R1"] },
        { "130123", ListDuty.Registered, 2027, ["N3", "Q1"] },
        { "230102", ListDuty.Residence, 2027, ["P3"] },
        { "130102", ListDuty.Registered, 2026, ["N1", "P3", "P5", "P6", "N2", "R1"] },
    };

    [Theory]
    [MemberData(nameof(Lists2027))]
    public async Task List_EqualsADirectComputationOverTheFiles_InTownshipHouseholdAndPersonOrder(string county, ListDuty duty, int year, string[] expected)
    {
        var scope = Scope(Roles.Supervisor, county[..2] + "0000");

        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(scope, county, year, duty, 0, 500, Ct));
        var direct = await DirectAsync(county, year, duty);

        Assert.Equal(expected.Select(Key), direct.Select(d => (d.Source, d.PersonId)));
        Assert.Equal(direct.Select(d => (d.Source, d.PersonId)), page.Rows.Select(r => (r.Source, r.PersonId)));
        // Paged in steps of two, the pages join up to the list.
        var paged = new List<(NewbornSource, long)>();
        for (var offset = 0; offset < direct.Count; offset += 2)
        {
            paged.AddRange(Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(scope, county, year, duty, offset, 2, Ct)).Rows.Select(r => (r.Source, r.PersonId)));
        }

        Assert.Equal(direct.Select(d => (d.Source, d.PersonId)), paged);
        Assert.Equal(direct.Count, await Lists.CountAsync(scope, county, year, duty, Ct));
        Assert.Equal(direct.Select(d => (d.Reason, d.LastInsuredYear, d.Household)), page.Rows.Select(r => (r.Reason, r.LastInsuredYear, r.Household)));
        // What missing the period would mean is the engine's answer stored with each file's results.
        var persons = page.Rows.Where(r => r.Source == NewbornSource.Person).ToList();
        var stored = await S.Files.QueryAsync(db => db.ComputedResults.Where(r => r.Year == year && persons.Select(p => p.PersonId).Contains(r.PersonId))
            .ToDictionaryAsync(r => r.PersonId, r => (r.IfLateWaitingMonths, r.IfLateBenefitsFrom, r.IfSkipDecrease), Ct));
        Assert.All(persons, r => Assert.Equal(stored[r.PersonId], (r.IfLateWaitingMonths, r.IfLateBenefitsFrom, r.IfSkipDecrease)));
        Assert.All(persons.Where(r => r.Reason != UninsuredReason.Newborn), r => Assert.NotNull(r.IfLateWaitingMonths));
        // A newborn file has no results to read: nothing computed, nothing invented.
        Assert.All(page.Rows.Where(r => r.Source == NewbornSource.Certificate), r => Assert.Equal((null, null), (r.IfLateWaitingMonths, r.LastInsuredYear)));
    }

    [Fact]
    public async Task List_SaysWhyAndTheHouseholdsState()
    {
        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(Scope(Roles.Clerk, "130102"), "130102", 2027, ListDuty.Registered, 0, 50, Ct));
        var byId = page.Rows.Where(r => r.Source == NewbornSource.Person).ToDictionary(r => r.PersonId);

        Assert.Equal((UninsuredReason.Broke, 2026, "断保（自2027年度起未参保）"), (byId[S["P1"]].Reason, byId[S["P1"]].LastInsuredYear!.Value, byId[S["P1"]].ReasonText));
        Assert.Equal((UninsuredReason.NeverInsured, "从未参保"), (byId[S["P3"]].Reason, byId[S["P3"]].ReasonText));
        Assert.Equal((UninsuredReason.Newborn, "新生儿未参保（2026-11-01出生）"), (byId[S["P5"]].Reason, byId[S["P5"]].ReasonText));
        Assert.Equal((UninsuredReason.Broke, 2025), (byId[S["R1"]].Reason, byId[S["R1"]].LastInsuredYear!.Value));
        // H01: P2 paid for 2027; P1, P3 and P5 have not; P4 died (no file was made for him).
        Assert.Equal(new HouseholdState(1, 3), byId[S["P1"]].Household);
        Assert.Equal("家人已缴1人，未缴2人", byId[S["P1"]].Household!.FromUnpaidMember);
        Assert.Null(byId[S["R1"]].Household);
        // A newborn known by its certificate: under its mother's household, which counts it among the unpaid.
        var n1 = page.Rows.Single(r => r.Source == NewbornSource.Certificate && r.PersonId == fixture.Newborns["N1"]);
        Assert.Equal((UninsuredReason.Newborn, "新生儿未参保（2026-11-15出生）", "H01", "130102001"), (n1.Reason, n1.ReasonText, n1.HouseholdNumber, n1.Township));
        Assert.Equal(new HouseholdState(1, 4), n1.Household);
        Assert.Equal(("王*二", "O*****0901", "139****0002"), (n1.Name, n1.IdNumber, n1.Phone));
        Assert.Null(n1.IfLateWaitingMonths);
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
    public async Task NewbornByCertificate_IsMasked_AndARevealShowsItsNameAndTheMothersPhone_Audited_ForTheFilesOrTheMothersCountyOnly()
    {
        var residence = Scope(Roles.Clerk, "130102", "clerk.nb.residence");
        var page = Assert.IsType<UninsuredOutcome.Listed>(await Lists.PageAsync(residence, "130102", 2027, ListDuty.Residence, 0, 50, Ct));
        var n1 = page.Rows.Single(r => r.Source == NewbornSource.Certificate && r.PersonId == fixture.Newborns["N1"]);

        var revealed = await Lists.RevealNewbornAsync(residence, fixture.Newborns["N1"], Ct);
        var mothers = await Lists.RevealNewbornAsync(Scope(Roles.Clerk, "130123", "clerk.nb.mother"), fixture.Newborns["N3"], Ct);
        var outsider = await Lists.RevealNewbornAsync(Scope(Roles.Clerk, "130202", "clerk.nb.other"), fixture.Newborns["N1"], Ct);

        Assert.Equal(("王*二", "139****0002"), (n1.Name, n1.Phone));
        Assert.Equal(("王小二", "13900000002"), (revealed!.Name, revealed.Phone));
        Assert.Equal("", mothers!.Name);
        Assert.Null(outsider);
        var audit = await S.Files.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.Action == "reveal" && a.UserName == "clerk.nb.residence", Ct));
        Assert.Contains($"\"newbornFile\": {fixture.Newborns["N1"]}", audit.Details, StringComparison.Ordinal);
        Assert.Equal(0, await S.Files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.UserName == "clerk.nb.other", Ct)));
    }

    [Fact]
    public async Task Newborn_InsuredForTheYearAfterItsBirth_IsNotListedForItsBirthYear_ButOneInsuredForNeitherIs()
    {
        var (database, files, _) = await NewbornData.FreshAsync();
        await using var _ = database;
        var lists = new UninsuredLists(database.ContextFactory, files.Catalogs, files.Clock);
        var scope = Scope(Roles.Clerk, "130102");
        // Enrollment within the newborn window covers the birth year or the next (RULES §3 1).
        var insuredNext = await files.AddPersonAsync("130102", "2026-10-01", 2027);
        var insuredNeither = await files.AddPersonAsync("130102", "2026-10-02");
        var olderInsuredNext = await files.AddPersonAsync("130102", "1990-10-03", 2027);

        var page = Assert.IsType<UninsuredOutcome.Listed>(await lists.PageAsync(scope, "130102", 2026, ListDuty.Registered, 0, 50, Ct));

        Assert.Equal([insuredNeither, olderInsuredNext], page.Rows.Select(r => r.PersonId).Order());
        Assert.DoesNotContain(insuredNext, page.Rows.Select(r => r.PersonId));
        Assert.Equal(2, await lists.CountAsync(scope, "130102", 2026, ListDuty.Registered, Ct));
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
        // The newborns known by their certificate among them, under the mother's household (N1) or alone (N2).
        Assert.Equal(["王小二", "王甲", "王丙", "王小宝", "（未取名）", "测试人"], door.Select(r => (string)r[3]!));
        Assert.All(door, r => Assert.Contains("*", (string)r[4]!, StringComparison.Ordinal));
        Assert.Equal(("O*****0901", "13900000002", "家人已缴1人，未缴3人"), ((string)door[0][4]!, (string)door[0][5]!, (string)door[0][9]!));
        Assert.Equal("家人已缴1人，未缴2人", door[1][9]);
        // Only those with a phone: the population extract carries none; the file made from a payment has one, and a newborn
        // has its mother's.
        Assert.Equal(("13900000002", "王小二"), ((string)sms[0][0]!, (string)sms[0][1]!));
        Assert.StartsWith("王小二您好，请缴纳2027年度医保", (string)sms[0][2]!, StringComparison.Ordinal);
        var message = sms[1];
        Assert.Equal(2, sms.Count);
        Assert.Equal(("13800000000", "测试人"), ((string)message[0]!, (string)message[1]!));
        Assert.StartsWith("测试人您好，请缴纳2027年度医保，截至2026年12月28日，逾期等待期", (string)message[2]!, StringComparison.Ordinal);
        Assert.EndsWith("长安区", (string)message[2]!, StringComparison.Ordinal);
        var audits = await S.Files.QueryAsync(db => db.AuditEntries.Where(a => a.UserName == "sup.sjz").OrderBy(a => a.Id).Select(a => new { a.Action, a.Details }).ToListAsync(Ct));
        Assert.Equal(["sms-template", "export", "export"], audits.Select(a => a.Action));
        Assert.Contains("\"table\": \"uninsured\"", audits[1].Details, StringComparison.Ordinal);
        Assert.Contains("\"rows\": 6", audits[1].Details, StringComparison.Ordinal);
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

    private (NewbornSource, long) Key(string label) =>
        label.StartsWith('N') ? (NewbornSource.Certificate, fixture.Newborns[label]) : (NewbornSource.Person, S[label]);

    /// <summary>
    /// The list computed from the files directly: who, in which order, why, and the household's state. A newborn file not
    /// merged is uninsured every year from its birth; it belongs, by registration, to its mother's household county where
    /// she is on file and present (else the births extract's residence), by residence to the extract's county; it sorts
    /// before its mother's household's persons and counts itself among the household's unpaid. A child born in the year
    /// and insured for the next is not listed (RULES §3 1).
    /// </summary>
    private async Task<List<(NewbornSource Source, long PersonId, UninsuredReason Reason, int? LastInsuredYear, HouseholdState? Household)>> DirectAsync(string county, int year, ListDuty duty)
    {
        var persons = await S.Files.QueryAsync(db => db.Persons.AsNoTracking().Include(p => p.Coverages).ToListAsync(Ct));
        var newborns = await S.Files.QueryAsync(db => db.NewbornFiles.AsNoTracking().Where(n => n.PersonId == null).ToListAsync(Ct));
        var end = new DateOnly(year, 12, 31);
        bool Present(Person p) => p.Status == PersonStatus.Present && p.BirthDate <= end;
        bool Insured(Person p) => p.Coverages.Any(c => c.Year == year);
        bool NewbornCovered(Person p) => p.BirthDate.Year == year && p.Coverages.Any(c => c.Year == year + 1);
        HouseholdState? State(string householdCounty, string? number, int self)
        {
            var members = number is null ? null : persons.Where(m => m.HouseholdCounty == householdCounty && m.HouseholdNumber == number && Present(m)).ToList();
            return members is null ? null : new HouseholdState(members.Count(Insured), members.Count(m => !Insured(m)) + self);
        }

        var rows = persons
            .Where(p => Present(p) && !Insured(p) && !NewbornCovered(p) && (duty == ListDuty.Registered ? p.HouseholdCounty : p.ResidenceCounty ?? p.HouseholdCounty) == county)
            .Select(p =>
            {
                var last = p.Coverages.Where(c => c.Year < year).Select(c => (int?)c.Year).Max();
                var reason = last is not null ? UninsuredReason.Broke : UninsuredLists.IsNewborn(p.BirthDate, year, 90) ? UninsuredReason.Newborn : UninsuredReason.NeverInsured;
                var township = duty == ListDuty.Registered ? p.HouseholdTownship : p.ResidenceCounty is null ? p.HouseholdTownship : p.ResidenceTownship;
                return (Township: township, p.HouseholdNumber, Key: p.Id, Row: (NewbornSource.Person, p.Id, reason, last, State(p.HouseholdCounty, p.HouseholdNumber, 0)));
            })
            .Concat(newborns.Where(n => n.BirthDate <= end).Select(n =>
            {
                var mother = persons.SingleOrDefault(m => m.IdNumber == n.MotherIdNumber && m.Status == PersonStatus.Present);
                var reason = UninsuredLists.IsNewborn(n.BirthDate, year, 90) ? UninsuredReason.Newborn : UninsuredReason.NeverInsured;
                var listedIn = duty == ListDuty.Registered ? mother?.HouseholdCounty ?? n.County : n.County;
                var township = duty == ListDuty.Registered && mother is not null ? mother.HouseholdTownship : n.Township;
                return (ListedIn: listedIn, Township: township, mother?.HouseholdNumber, Key: -n.Id,
                    Row: (NewbornSource.Certificate, n.Id, reason, (int?)null, mother is null ? null : State(mother.HouseholdCounty, mother.HouseholdNumber, 1)));
            }).Where(x => x.ListedIn == county).Select(x => (x.Township, x.HouseholdNumber, x.Key, x.Row)));
        return rows.OrderBy(x => x.Township is null).ThenBy(x => x.Township, StringComparer.Ordinal).ThenBy(x => x.HouseholdNumber is null)
            .ThenBy(x => x.HouseholdNumber, StringComparer.Ordinal).ThenBy(x => x.Key).Select(x => x.Row).ToList();
    }
}
