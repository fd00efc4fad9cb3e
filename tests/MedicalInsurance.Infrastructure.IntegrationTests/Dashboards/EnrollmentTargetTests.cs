using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.IntegrationTests.Population;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Dashboards;

/// <summary>A county's enrollment target for a year: who may set it, its bounds, its audit, and completion against it.</summary>
public sealed class EnrollmentTargetTests(RateScenario fixture) : IClassFixture<RateScenario>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<List<EnrollmentTarget>> StoredAsync(string county, int year) =>
        fixture.Scenario.Files.QueryAsync(db => db.EnrollmentTargets.Where(t => t.County == county && t.Year == year).ToListAsync(Ct));

    private Task<List<Audit.AuditEntry>> AuditsAsync(string user) =>
        fixture.Scenario.Files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "enrollment-target" && a.UserName == user).OrderBy(a => a.Id).ToListAsync(Ct));

    private async Task<DashboardView> ViewAsync(string code, int year, PopulationBasis basis = PopulationBasis.Registered) =>
        Assert.IsType<DashboardOutcome.Shown>(await fixture.Queries.LoadAsync(RateScenario.Scope(Roles.Supervisor, "130000"), code, year, Ct, basis)).View;

    [Fact]
    public async Task Target_SetBySupervisor_IsStoredAuditedAndComparedWithTheRate()
    {
        var supervisor = RateScenario.Scope(Roles.Supervisor, "130100", "city-supervisor");

        // 130102, 2027: 2 of 6 registered insured (33.3%), 2 of 6 resident.
        var first = await fixture.Targets.SetAsync(supervisor, "130102", 2027, 30.0m, Ct);
        var metView = await ViewAsync("130102", 2027);
        var second = await fixture.Targets.SetAsync(supervisor, "130102", 2027, 33.4m, Ct);
        var notMetView = await ViewAsync("130102", 2027);

        Assert.Equal(new TargetOutcome.Saved(30.0m, null), first);
        Assert.Equal(new TargetOutcome.Saved(33.4m, 30.0m), second);
        Assert.Equal((33.3m, 30.0m, TargetCompletion.Met), (metView.PopulationRate!.Value, metView.County!.Target!.Value, metView.County.Completion(PopulationBasis.Registered)));
        Assert.Equal((33.4m, TargetCompletion.NotMet), (notMetView.County!.Target!.Value, notMetView.County.Completion(PopulationBasis.Registered)));
        var stored = Assert.Single(await StoredAsync("130102", 2027));
        Assert.Equal((33.4m, "city-supervisor", fixture.Scenario.Files.Clock.GetUtcNow()), (stored.Percent, stored.SetBy, stored.SetAt));
        var audits = await AuditsAsync("city-supervisor");
        Assert.Equal(2, audits.Count);
        Assert.Contains("\"before\":30.0", audits[1].Details!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"after\":33.4", audits[1].Details!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("10.0.0.1", audits[0].ClientAddress);
    }

    [Theory]
    [InlineData(Roles.Supervisor, "230000", "130123")]
    [InlineData(Roles.Supervisor, "130102", "130123")]
    [InlineData(Roles.Clerk, "130123", "130123")]
    public async Task Target_OutsideTheScopeOrByAClerk_IsRefusedAndNothingWritten(string role, string scopeCode, string county)
    {
        // Each test of the class keeps to its own county and year: they share one database.
        var user = $"refused-{role}-{scopeCode}";

        var outcome = await fixture.Targets.SetAsync(RateScenario.Scope(role, scopeCode, user), county, 2025, 50m, Ct);

        Assert.IsType<TargetOutcome.Refused>(outcome);
        Assert.Empty(await StoredAsync(county, 2025));
        Assert.Empty(await AuditsAsync(user));
    }

    [Theory]
    [InlineData(-0.1, false)]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(100.1, false)]
    [InlineData(95.55, false)]
    public async Task Target_OnlyFrom0To100WithOneDecimal(double percent, bool accepted)
    {
        var user = $"bounds-{percent}";

        var outcome = await fixture.Targets.SetAsync(RateScenario.Scope(Roles.Supervisor, "130000", user), "130102", 2025, (decimal)percent, Ct);

        Assert.Equal(accepted, outcome is TargetOutcome.Saved);
        if (!accepted)
        {
            Assert.Equal(EnrollmentTargets.PercentField, Assert.IsType<TargetOutcome.Invalid>(outcome).Field);
            Assert.Empty(await AuditsAsync(user));
        }
    }

    [Fact]
    public async Task Target_MissingOrForAYearOutsideTheMechanism_IsInvalid()
    {
        var scope = RateScenario.Scope(Roles.Supervisor, "130000", "years");

        Assert.Equal(EnrollmentTargets.PercentField, Assert.IsType<TargetOutcome.Invalid>(await fixture.Targets.SetAsync(scope, "130123", 2026, null, Ct)).Field);
        Assert.Equal("year", Assert.IsType<TargetOutcome.Invalid>(await fixture.Targets.SetAsync(scope, "130123", 2024, 90m, Ct)).Field);
        Assert.Equal("year", Assert.IsType<TargetOutcome.Invalid>(await fixture.Targets.SetAsync(scope, "130123", 2028, 90m, Ct)).Field);
        Assert.IsType<TargetOutcome.Saved>(await fixture.Targets.SetAsync(scope, "130123", 2027, 90m, Ct));
    }

    [Fact]
    public async Task Target_ByAnAdministrator_ForAnyCounty()
    {
        var admin = UserScope.For("admin-targets", Roles.Administrator, null, Regions.RegionDirectory.Shipped, "10.0.0.2");

        Assert.IsType<TargetOutcome.Saved>(await fixture.Targets.SetAsync(admin, "230102", 2026, 96m, Ct));
        Assert.IsType<TargetOutcome.Refused>(await fixture.Targets.SetAsync(admin, "230100", 2026, 96m, Ct));
        Assert.Equal(96m, Assert.Single(await StoredAsync("230102", 2026)).Percent);
        // Audited as any target: one entry for the save, none for the refusal.
        var audit = Assert.Single(await AuditsAsync("admin-targets"));
        Assert.Equal("10.0.0.2", audit.ClientAddress);
        Assert.Contains("\"after\":96", audit.Details!.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CityDashboard_ListsItsCountiesWithTargetAndCompletion()
    {
        var scope = RateScenario.Scope(Roles.Supervisor, "130000", "completion");
        await fixture.Targets.SetAsync(scope, "130123", 2026, 0m, Ct);

        var city = await ViewAsync("130100", 2026, PopulationBasis.Living);
        var table = DashboardTables.Build(city, DashboardTables.Targets)!;
        var rows = await table.Rows.ToListAsync(Ct);

        Assert.Equal(["130102", "130123"], city.Counties.Select(c => c.Code));
        var q = city.Counties.Single(c => c.Code == "130123");
        Assert.Equal((0m, TargetCompletion.Met), (q.Target!.Value, q.Completion(PopulationBasis.Living)));
        Assert.Equal(TargetCompletion.NoTarget, city.Counties.Single(c => c.Code == "130102").Completion(PopulationBasis.Living));
        Assert.Equal(["130102", "130123"], rows.Select(r => (string)r[0]!));
        Assert.Equal([q.Figures.Population(PopulationBasis.Living), q.Figures.PopulationInsured(PopulationBasis.Living), q.Rate(PopulationBasis.Living), 0m], rows[1][2..6]);
        Assert.Equal("已完成", ((Exports.Phrase)rows[1][6]!).Template);
        // The city's rate over the population is the sum of its counties', not an average of their rates.
        Assert.Equal(Figures.RateOf(city.Counties.Sum(c => c.Figures.PopulationInsured(PopulationBasis.Living)), city.Counties.Sum(c => c.Figures.Population(PopulationBasis.Living))), city.PopulationRate);
    }
}
