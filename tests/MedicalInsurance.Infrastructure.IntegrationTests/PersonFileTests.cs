using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class PersonFileTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PersonFile_RoundTrip_KeepsIdentityCoveragesAndClaims()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025, 2026]);
        await using (var db = await database.ContextFactory.CreateDbContextAsync(Ct))
        {
            db.ClaimSummaries.Add(new ClaimSummary { PersonId = id, Year = 2025, FundReimbursed = 1234.56m, CatastrophicPaid = 1000m });
            db.Coverages.Add(new Coverage { PersonId = id, Year = 2024, Scheme = Scheme.Employee, Origin = CoverageOrigin.AnotherProvince });
            await db.SaveChangesAsync(Ct);
        }

        await using var read = await database.ContextFactory.CreateDbContextAsync(Ct);
        var file = (await PersonFiles.LoadAsync(read, id, Ct))!;

        Assert.Equal("测试人", file.Person.Name);
        Assert.Equal(new DateOnly(1980, 5, 6), file.Person.BirthDate);
        Assert.Equal([(2024, Scheme.Employee), (2025, Scheme.Resident), (2026, Scheme.Resident)], file.Coverages.Select(c => (c.Year, c.Scheme)).Order());
        var claim = Assert.Single(file.Claims);
        Assert.Equal((2025, 1234.56m, 1000m), (claim.Year, claim.FundReimbursed, claim.CatastrophicPaid));
        Assert.Empty(read.ChangeTracker.Entries());
    }

    [Fact]
    public async Task Coverage_SecondRecordForTheSameYearAndScheme_IsRefusedByTheDatabase()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025]);
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        db.Coverages.Add(new Coverage { PersonId = id, Year = 2025, Scheme = Scheme.Resident, Origin = CoverageOrigin.Import });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        Assert.Contains("23505", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParameterRows_SeededByMigrate_GiveTheSameCatalogAsTheShippedDocument()
    {
        var fromDatabase = await _files.Catalogs.GetAsync(Ct);

        foreach (var province in Domain.Provinces.PolicyCatalog.Shipped.ProvinceIds)
        {
            Assert.True(fromDatabase.TryResolve(province, null, out var db));
            Domain.Provinces.PolicyCatalog.Shipped.TryResolve(province, null, out var shipped);
            foreach (var year in new[] { 2024, 2025, 2026, 2027, 2035 })
            {
                Assert.Equal(shipped.ForYear(year).StepAmount?.Parameter.ToString(), db.ForYear(year).StepAmount?.Parameter.ToString());
                Assert.Equal(shipped.ForYear(year).CollectionPeriod?.Parameter.ToString(), db.ForYear(year).CollectionPeriod?.Parameter.ToString());
                Assert.Equal(shipped.ForYear(year).Penalty?.Parameter.ToString(), db.ForYear(year).Penalty?.Parameter.ToString());
                Assert.Equal(shipped.ForYear(year).OriginalCap?.Parameter.ToString(), db.ForYear(year).OriginalCap?.Parameter.ToString());
                Assert.Equal(shipped.ForYear(year).ContributionStandard?.Parameter.ToString(), db.ForYear(year).ContributionStandard?.Parameter.ToString());
            }
        }
    }

    [Fact]
    public async Task Regions_LoadedByMigrate_HoldTheThreeProvincesCitiesAndCounties()
    {
        // The country is there (RegionDataTests); these are the three provinces with an entered policy.
        string[] provinces = ["13", "23", "52"];
        var counts = await _files.QueryAsync(db => db.Regions.Where(r => provinces.Contains(r.Code.Substring(0, 2))).GroupBy(r => r.Level).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct));

        Assert.Equal(3, counts[RegionLevel.Province]);
        Assert.Equal(33, counts[RegionLevel.City]);
        Assert.Equal(404, counts[RegionLevel.County]);
        Assert.Equal("hebei", RegionDirectory.Shipped.PolicyOf("130102"));
        Assert.Equal("130100", RegionDirectory.Shipped.CityOf("130102"));
    }

    [Fact]
    public async Task Notice_NamesTheClerk_AndOpenedTwiceAtOnce_IsAuditedOnce()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        await _files.QueryAsync(async db =>
        {
            db.Users.Add(new Security.AppUser { UserName = "clerk.notice", NormalizedUserName = "CLERK.NOTICE", DisplayName = "长安区经办员甲", ScopeCode = "130102" });
            return await db.SaveChangesAsync(Ct);
        });
        var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(request, Files.Clerk("clerk.notice"), Ct));
        var registration = registered.RegistrationId;

        // The page's server render and its interactive render.
        var first = await _files.Registrations.NoticeAsync(registration, Files.Clerk("clerk.notice"), Ct);
        var second = await _files.Registrations.NoticeAsync(registration, Files.Clerk("clerk.notice"), Ct);
        var byAnother = await _files.Registrations.NoticeAsync(registration, Files.Clerk("clerk2"), Ct);

        Assert.Equal("长安区经办员甲", first!.IssuedBy);
        Assert.Equal(first, second);
        Assert.Equal("长安区经办员甲", byAnother!.IssuedBy);
        var audits = await _files.QueryAsync(db => db.AuditEntries.Where(a => a.PersonId == id && a.Action == "notice").Select(a => a.UserName).ToListAsync(Ct));
        Assert.Equal(["clerk.notice", "clerk2"], audits.Order());
    }

    [Fact]
    public async Task Registration_WritesCoverageRegistrationRepairComputedResultAndAudit_Together()
    {
        // Insured 2025 then a break in 2026: paying for 2027 late in 2027 is impossible today, so register 2026 late
        // after a 2025 break: insured 2024, nothing in 2025, paid 2026-03-10.
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);

        var outcome = await _files.Registrations.RegisterAsync(request, Files.Clerk(address: "127.0.0.1"), Ct);

        var registered = Assert.IsType<RegistrationOutcome.Registered>(outcome);
        var decision = registered.Result.WaitingPeriod!;
        Assert.Equal((1, 3, new DateOnly(2026, 6, 10)), (decision.BreakYears, decision.TotalMonths, decision.BenefitsFrom));
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var coverage = await db.Coverages.SingleAsync(c => c.PersonId == id && c.Year == 2026, Ct);
        Assert.Equal((CoverageOrigin.Registration, "130100"), (coverage.Origin, coverage.PoolingRegion));
        var registration = await db.Registrations.SingleAsync(r => r.PersonId == id, Ct);
        Assert.Equal(coverage.Id, registration.CoverageId);
        Assert.Contains("\"benefitsFrom\":\"2026-06-10\"", registration.DecisionSnapshot, StringComparison.Ordinal);
        Assert.StartsWith("medins ", registration.RulesVersion, StringComparison.Ordinal);
        Assert.Equal(0, await db.RepairPayments.CountAsync(r => r.PersonId == id, Ct));
        var computed = await db.ComputedResults.SingleAsync(r => r.PersonId == id && r.Year == 2026, Ct);
        Assert.Equal(("waiting", 3, (DateOnly?)new DateOnly(2026, 6, 10)), (computed.WaitingReason, computed.WaitingMonths, computed.BenefitsFrom));
        var audit = await db.AuditEntries.SingleAsync(a => a.PersonId == id, Ct);
        Assert.Equal(("clerk1", "register", "127.0.0.1"), (audit.UserName, audit.Action, audit.ClientAddress));
    }

    [Fact]
    public async Task Registration_WithRepair_WritesARepairPayment_AndTheYearStaysABreak()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        await using (var db = await database.ContextFactory.CreateDbContextAsync(Ct))
        {
            // Missed 2025 and 2026, returning for 2027 in the open collection period: b = 2, one year repaired.
            Assert.Equal(0, await db.Coverages.CountAsync(c => c.PersonId == id && c.Year >= 2025, Ct));
        }

        var request = new RegistrationRequest(id, new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 1, null, false), 400m);

        var registered = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(request, Files.Clerk(), Ct));

        Assert.Equal((2, 1, 3), (registered.Result.WaitingPeriod!.BreakYears, registered.Result.WaitingPeriod.RepairedMonths, registered.Result.WaitingPeriod.TotalMonths));
        await using var check = await database.ContextFactory.CreateDbContextAsync(Ct);
        var repair = await check.RepairPayments.SingleAsync(r => r.PersonId == id, Ct);
        Assert.Equal((1, 400m, 2027), (repair.Years, repair.Amount, repair.ForCoverageYear));
        Assert.Equal(0, await check.Coverages.CountAsync(c => c.PersonId == id && (c.Year == 2025 || c.Year == 2026), Ct));
        var shown = (await PersonFiles.LoadAsync(check, id, Ct, withRepairs: true))!;
        var computed = (await PersonFiles.LoadAsync(check, id, Ct))!;
        Assert.True(shown.IsRepaired(2026) && !shown.IsRepaired(2025));
        Assert.Empty(computed.Repairs);
    }

    [Fact]
    public async Task Registration_RefusedByTheRules_WritesNothing()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025]);
        var before = await _files.QueryAsync(db => db.Coverages.CountAsync(Ct));
        // Repairing two years when none was missed.
        var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 1), EnrollmentGroup.Ordinary, null, 2, null, false), 400m);

        var refused = Assert.IsType<RegistrationOutcome.Refused>(await _files.Registrations.RegisterAsync(request, Files.Clerk(), Ct));

        Assert.Equal("repairYears", refused.Error.Field);
        Assert.Equal(before, await _files.QueryAsync(db => db.Coverages.CountAsync(Ct)));
        Assert.Equal(0, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id, Ct)));
    }

    [Fact]
    public async Task Registration_TwentyClerksAtOnce_OneSucceedsAndNothingElseIsWritten()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var registrations = _files.Registrations;
        var counts = await CountsAsync(id);
        using var barrier = new Barrier(20);

        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
            return await registrations.RegisterAsync(request, Files.Clerk($"clerk{i}"), CancellationToken.None);
        })).ToArray();
        var outcomes = await Task.WhenAll(tasks);

        Assert.Single(outcomes.OfType<RegistrationOutcome.Registered>());
        var refused = outcomes.OfType<RegistrationOutcome.AlreadyRegistered>().ToList();
        Assert.Equal(19, refused.Count);
        Assert.All(refused, r => Assert.Contains("已登记", r.Message, StringComparison.Ordinal));
        var after = await CountsAsync(id);
        Assert.Equal((counts.Coverages + 1, counts.Registrations + 1, counts.Audit + 1, counts.Repairs), (after.Coverages, after.Registrations, after.Audit, after.Repairs));
    }

    private async Task<(int Coverages, int Registrations, int Audit, int Repairs)> CountsAsync(long id) =>
        await _files.QueryAsync(async db => (
            await db.Coverages.CountAsync(c => c.PersonId == id, Ct),
            await db.Registrations.CountAsync(r => r.PersonId == id, Ct),
            await db.AuditEntries.CountAsync(a => a.PersonId == id, Ct),
            await db.RepairPayments.CountAsync(r => r.PersonId == id, Ct)));

    [Fact]
    public async Task Notice_Snapshot_StaysAsIssued_AfterAParameterChanges()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(request, Files.Clerk(), Ct));
        await SetFixedMonthsAsync("4");
        try
        {
            await AssertSnapshotUnchangedAsync(registered);
        }
        finally
        {
            await SetFixedMonthsAsync("3");
        }
    }

    private async Task SetFixedMonthsAsync(string value)
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var row = await db.PolicyParameters.SingleAsync(p => p.Province == "hebei" && p.Name == "fixedWaitingMonths", Ct);
        row.Value = value;
        await db.SaveChangesAsync(Ct);
    }

    private async Task AssertSnapshotUnchangedAsync(RegistrationOutcome.Registered registered)
    {
        var changed = await new Files(database.ContextFactory).Catalogs.GetAsync(Ct);
        changed.TryResolve("hebei", null, out var hebei);
        var stored = await _files.QueryAsync(db => db.Registrations.Where(r => r.Id == registered.RegistrationId).Select(r => r.DecisionSnapshot).SingleAsync(Ct));

        Assert.Equal(4, hebei.ForYear(2026).FixedWaitingMonths!.Value.Value);
        Assert.Equal(registered.Snapshot, stored);
        Assert.Contains("\"totalMonths\":3", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creation_StoresAnUpperCaseX_AndASecondFileForTheSameNumberIsRefused()
    {
        var creation = new PersonFileCreation(database.ContextFactory, _files.Catalogs, _files.Clock);
        var number = Enumerable.Range(0, 200).Select(_ => Files.NewIdNumber("130102", "1949-12-31")).First(n => n.EndsWith('X'));
        var lower = number[..17] + "x";

        var first = await creation.CreateAsync(new NewPerson(lower, " 新生儿 ", "130102", null, null), Files.Clerk(), Ct);
        var second = await creation.CreateAsync(new NewPerson(number, "新生儿", "130102", null, null), Files.Clerk(), Ct);
        var invalid = await creation.CreateAsync(new NewPerson(number, "新生儿", "999999", null, null), Files.Clerk(), Ct);

        var created = Assert.IsType<CreationOutcome.Created>(first);
        Assert.Equal(created.PersonId, Assert.IsType<CreationOutcome.Exists>(second).PersonId);
        var elsewhere = await creation.CreateAsync(new NewPerson(number, "新生儿", "130102", null, null), Files.Clerk("clerk9", "230102"), Ct);
        Assert.Equal("HouseholdCounty", Assert.IsType<CreationOutcome.Invalid>(elsewhere).Field);
        Assert.Equal("HouseholdCounty", Assert.IsType<CreationOutcome.Invalid>(invalid).Field);
        var stored = await _files.QueryAsync(db => db.Persons.SingleAsync(p => p.Id == created.PersonId, Ct));
        Assert.Equal((number.ToUpperInvariant(), "新生儿", new DateOnly(1949, 12, 31)), (stored.IdNumber, stored.Name, stored.BirthDate));
        Assert.Equal(1, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == created.PersonId && a.Action == "create", Ct)));
    }
}
