using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.IntegrationTests.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Dashboards;

/// <summary>
/// A city's target of insured persons for a year (市、州目标): who may set it (users over the whole province), its bounds,
/// its audit; completion on the city's dashboard and in its province's 下级地区 table against a direct count; and the
/// 层层加码 warning when the counties' rate targets, turned into persons, add up to more than the city's.
/// </summary>
public sealed class CityTargetTests(RateScenario fixture) : IClassFixture<RateScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserScope Administrator(string user) => UserScope.For(user, Roles.Administrator, null, RegionDirectory.Shipped, "10.0.0.4");

    private Task<List<CityTarget>> StoredAsync(string city, int year) =>
        fixture.Scenario.Files.QueryAsync(db => db.CityTargets.Where(t => t.City == city && t.Year == year).ToListAsync(Ct));

    private Task<List<Audit.AuditEntry>> AuditsAsync(string user) =>
        fixture.Scenario.Files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "city-target" && a.UserName == user).OrderBy(a => a.Id).ToListAsync(Ct));

    private Task<bool> AnyBySetterAsync(string user) => fixture.Scenario.Files.QueryAsync(db => db.CityTargets.AnyAsync(t => t.SetBy == user, Ct));

    private CityTargets Targets => new(fixture.ContextFactory, fixture.Scenario.Files.Clock);

    private async Task<DashboardView> ViewAsync(string code, int year, PopulationBasis basis = PopulationBasis.Registered) =>
        Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(Administrator("viewer"), code, year, Ct, basis)).View;

    private static string Compact(string? details) => details!.Replace(" ", "", StringComparison.Ordinal);

    [Fact]
    public async Task CityTarget_SetByAnAdministrator_IsStoredAuditedAndReplaced()
    {
        var admin = Administrator("admin-city");

        var first = await Targets.SetAsync(admin, "130100", 2025, 1_200_000m, Ct);
        var second = await Targets.SetAsync(admin, "130100", 2025, 1_150_000m, Ct);

        Assert.Equal(new CityTargetOutcome.Saved(1_200_000, null), first);
        Assert.Equal(new CityTargetOutcome.Saved(1_150_000, 1_200_000), second);
        var stored = Assert.Single(await StoredAsync("130100", 2025));
        Assert.Equal((1_150_000, "admin-city", fixture.Scenario.Files.Clock.GetUtcNow()), (stored.Persons, stored.SetBy, stored.SetAt));
        var audits = await AuditsAsync("admin-city");
        Assert.Equal(2, audits.Count);
        Assert.Contains("\"city\":\"130100\"", Compact(audits[0].Details), StringComparison.Ordinal);
        Assert.Contains("\"before\":null", Compact(audits[0].Details), StringComparison.Ordinal);
        Assert.Contains("\"before\":1200000", Compact(audits[1].Details), StringComparison.Ordinal);
        Assert.Contains("\"after\":1150000", Compact(audits[1].Details), StringComparison.Ordinal);
        Assert.Equal("10.0.0.4", audits[1].ClientAddress);
    }

    [Fact]
    public async Task CityTarget_ByAProvinceSupervisor_OnlyForACityOfTheirProvince()
    {
        var supervisor = RateScenario.Scope(Roles.Supervisor, "230000", "province-supervisor");

        Assert.IsType<CityTargetOutcome.Saved>(await Targets.SetAsync(supervisor, "230100", 2025, 5_000_000m, Ct));
        Assert.IsType<CityTargetOutcome.Refused>(await Targets.SetAsync(supervisor, "130100", 2025, 5_000_000m, Ct));

        Assert.Equal(5_000_000, Assert.Single(await StoredAsync("230100", 2025)).Persons);
        var audit = Assert.Single(await AuditsAsync("province-supervisor"));
        Assert.Contains("\"city\":\"230100\"", Compact(audit.Details), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Supervisor, "130102", "130100")] // a county's supervisor
    [InlineData(Roles.Supervisor, "130100", "130100")] // the city's own supervisor: the province sets it
    [InlineData(Roles.Clerk, "130102", "130100")]
    [InlineData(Roles.Supervisor, "130000", "130102")] // a county is not a city
    [InlineData(Roles.Administrator, null, "130102")]
    [InlineData(Roles.Administrator, null, "130000")]
    public async Task CityTarget_OutsideTheScopeOrNotACity_IsRefusedAndNothingWritten(string role, string? scopeCode, string city)
    {
        var user = $"refused-{role}-{scopeCode}-{city}";
        var scope = role == Roles.Administrator ? Administrator(user) : RateScenario.Scope(role, scopeCode!, user);

        var outcome = await Targets.SetAsync(scope, city, 2026, 1_000m, Ct);

        Assert.IsType<CityTargetOutcome.Refused>(outcome);
        Assert.False(CityTargets.CanSet(scope, city));
        Assert.False(await AnyBySetterAsync(user));
        Assert.Empty(await AuditsAsync(user));
    }

    [Theory]
    [InlineData(null, false, "请填写目标参保人数。")]
    [InlineData(-1.0, false, "目标参保人数须大于0。")]
    [InlineData(0.0, false, "目标参保人数须大于0。")]
    [InlineData(1.0, true, null)]
    [InlineData(1500.5, false, "目标参保人数须为整数。")]
    [InlineData(50_000_000.0, true, null)]
    [InlineData(50_000_001.0, false, "目标参保人数不能超过5000万人。")]
    [InlineData(1e12, false, "目标参保人数不能超过5000万人。")]
    public async Task CityTarget_OnlyAWholeNumberFrom1To50Million(double? persons, bool accepted, string? message)
    {
        var user = $"bounds-{persons}";

        var outcome = await Targets.SetAsync(Administrator(user), "230100", 2026, (decimal?)persons, Ct);

        Assert.Equal(accepted, outcome is CityTargetOutcome.Saved);
        if (!accepted)
        {
            Assert.Equal(new CityTargetOutcome.Invalid(CityTargets.PersonsField, message!), outcome);
            Assert.False(await AnyBySetterAsync(user));
            Assert.Empty(await AuditsAsync(user));
        }
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2028)]
    public async Task CityTarget_ForAYearOutsideTheMechanism_IsInvalid(int year)
    {
        var outcome = await Targets.SetAsync(Administrator("years-city"), "230100", year, 1_000m, Ct);

        Assert.Equal(EnrollmentTargets.YearField, Assert.IsType<CityTargetOutcome.Invalid>(outcome).Field);
        Assert.Empty(await StoredAsync("230100", year));
    }

    [Theory]
    [InlineData(PopulationBasis.Registered)]
    [InlineData(PopulationBasis.Living)]
    public async Task CityCompletion_OnTheCityAndInTheProvincesTable_EqualsADirectCount(PopulationBasis basis)
    {
        var insured = 0L;
        foreach (var county in new[] { "130102", "130123" })
        {
            insured += (await fixture.DirectAsync(county, 2026, basis)).Insured;
        }

        Assert.True(insured > 0);
        foreach (var (target, completion) in new[] { (insured, TargetCompletion.Met), (insured + 1, TargetCompletion.NotMet) })
        {
            Assert.IsType<CityTargetOutcome.Saved>(await Targets.SetAsync(Administrator("completion-city"), "130100", 2026, target, Ct));

            var city = await ViewAsync("130100", 2026, basis);
            var province = await ViewAsync("130000", 2026, basis);
            var row = (await DashboardSubRegionRateTests.RowsAsync(province))["130100"];

            Assert.Equal((target, insured, completion), ((long)city.CityTarget!.Value, city.PopulationTotals.PopulationInsured(basis), city.CityCompletion));
            // 下级地区: insured, rate, no target rate, the target of persons, the completion.
            Assert.Equal(insured, row[3]);
            Assert.Equal([null, (int)target, DashboardTables.CompletionText(completion).Template], row[5..8].Select(c => c is Phrase p ? p.Template : c));
            Assert.Equal(completion, province.Children.Single(c => c.Code == "130100").Completion(basis));
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, true)]
    [InlineData(1, false)]
    public async Task LayeredTargets_AreWarnedOf_ExactlyWhenTheCountiesTargetsAsPersonsExceedTheCitys(int offset, bool warned)
    {
        var admin = Administrator("layered");
        await new EnrollmentTargets(fixture.ContextFactory, fixture.Scenario.Files.Clock).SetAsync(admin, "130102", 2027, 40.0m, Ct);
        await new EnrollmentTargets(fixture.ContextFactory, fixture.Scenario.Files.Clock).SetAsync(admin, "130123", 2027, 50.0m, Ct);
        // Each county's target rate of its registered population, rounded up to a whole person (the fewest that reach it).
        var persons = (long)Math.Ceiling(40.0m * (await fixture.DirectAsync("130102", 2027, PopulationBasis.Registered)).Population / 100m)
                      + (long)Math.Ceiling(50.0m * (await fixture.DirectAsync("130123", 2027, PopulationBasis.Registered)).Population / 100m);

        Assert.IsType<CityTargetOutcome.Saved>(await Targets.SetAsync(admin, "130100", 2027, persons + offset, Ct));
        var city = await ViewAsync("130100", 2027);

        Assert.Equal(persons, city.CountyTargetPersons);
        Assert.Equal(warned, city.CountyTargetsExceedCity);
        Assert.Empty(city.UnconvertedTargets);
    }

    [Fact]
    public async Task LayeredTargets_OfACountyWithoutPopulation_AreNamedNotCounted()
    {
        // 230102 has files but no population extract: its rate target cannot be turned into persons.
        var admin = Administrator("unconverted");
        await new EnrollmentTargets(fixture.ContextFactory, fixture.Scenario.Files.Clock).SetAsync(admin, "230102", 2027, 99.0m, Ct);
        await Targets.SetAsync(admin, "230100", 2027, 1m, Ct);

        var city = await ViewAsync("230100", 2027);

        Assert.Equal(["230102"], city.UnconvertedTargets.Select(c => c.Code));
        Assert.Null(city.CountyTargetPersons);
        Assert.False(city.CountyTargetsExceedCity);
        Assert.Equal(TargetCompletion.NoPopulation, city.CityCompletion);
    }
}
