using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Cover held elsewhere (外地参保) as a clerk records it from its evidence: insured exactly like local cover (RULES §1).</summary>
public sealed class CoverElsewhereTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Domain.Calculation.CalculationResult> CalculateAsync(long person, int year)
    {
        var catalog = await _files.Catalogs.GetAsync(Ct);
        var file = await _files.QueryAsync(db => PersonFiles.LoadAsync(db, person, Ct));
        var outcome = FileCalculator.Calculate(file!, year, _files.Today, catalog, RegionDirectory.Shipped);
        return outcome.Result ?? throw new InvalidOperationException(outcome.Error!.Message);
    }

    private async Task<(int Coverages, int Audit, int Results)> CountsAsync(long id) =>
        await _files.QueryAsync(async db => (
            await db.Coverages.CountAsync(c => c.PersonId == id, Ct),
            await db.AuditEntries.CountAsync(a => a.PersonId == id, Ct),
            await db.ComputedResults.CountAsync(r => r.PersonId == id, Ct)));

    [Fact]
    public async Task Record_ResidentYearInBeijingChaoyang_ForAChanganResidentWithABreak_RemovesTheBreakAndTheDecrease()
    {
        // Resident-insured at home in 2025 and 2027; in 2026 they lived and paid in Beijing, and the file does not know.
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var before = await CalculateAsync(person, 2027);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2026, Scheme.Resident, "110105", "  京医保参保证明 2026-0012345 "), Files.Clerk("clerk.elsewhere", address: "10.0.0.7"), Ct);

        var recorded = Assert.IsType<ElsewhereOutcome.Recorded>(outcome);
        var stored = await _files.QueryAsync(db => db.Coverages.SingleAsync(c => c.Id == recorded.CoverageId, Ct));
        Assert.Equal((person, 2026, Scheme.Resident, "110105", "110100", CoverageOrigin.AnotherProvince, "京医保参保证明 2026-0012345"),
            (stored.PersonId, stored.Year, stored.Scheme, stored.County, stored.PoolingRegion, stored.Origin, stored.Evidence));
        Assert.Contains(recorded.File.Coverages, c => c is { Year: 2026, County: "110105", Evidence: "京医保参保证明 2026-0012345" });
        var after = await CalculateAsync(person, 2027);
        // Before: 2026 is a break year, so 2027 is a return after b = 1 and Hebei takes 2,000 yuan off the cap.
        Assert.Equal((1, 2000m), (before.BreakYears, before.Cap!.Decrease));
        Assert.Equal((0, 0m, before.Cap.Original), (after.BreakYears, after.Cap!.Decrease, after.Cap.Original));
        Assert.Contains(before.Cap.Lines, l => l is { Kind: Domain.Caps.CapLineKind.BreakPenalty, Year: 2027, Amount: -2000m, BreakYears: 1 });
        Assert.DoesNotContain(after.Cap.Lines, l => l.Kind == Domain.Caps.CapLineKind.BreakPenalty);
        // The stored answers the dashboards read say the same, and the household county's figures are due a rebuild.
        var results = await _files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == person && (r.Year == 2026 || r.Year == 2027)).OrderBy(r => r.Year).ToListAsync(Ct));
        Assert.Equal([(2026, true, true, 0), (2027, true, true, 0)], results.Select(r => (r.Year, r.Insured, r.ResidentInsured, r.BreakYears)));
        Assert.Equal((0m, 3), (results[1].CapDecrease, results[1].ConsecutiveResidentYears));
        Assert.True(await _files.QueryAsync(db => db.DashboardPending.AnyAsync(d => d.County == "130102", Ct)));
        var audit = await _files.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.PersonId == person && a.Action == "coverElsewhere", Ct));
        Assert.Equal(("clerk.elsewhere", "10.0.0.7"), (audit.UserName, audit.ClientAddress));
        using var details = JsonDocument.Parse(audit.Details!);
        var d = details.RootElement;
        Assert.Equal((2026, "Resident", "110105", "京医保参保证明 2026-0012345", recorded.CoverageId),
            (d.GetProperty("year").GetInt32(), d.GetProperty("scheme").GetString(), d.GetProperty("county").GetString(), d.GetProperty("evidence").GetString(), d.GetProperty("coverage").GetInt64()));
    }

    [Fact]
    public async Task Record_EmployeeYearInAnotherHebeiCounty_IsElsewhereInTheHouseholdProvince_AndIsInsured()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2026, Scheme.Employee, "130602", "冀职工参保查询 QX-88"), Files.Clerk(), Ct);

        var recorded = Assert.IsType<ElsewhereOutcome.Recorded>(outcome);
        var stored = await _files.QueryAsync(db => db.Coverages.SingleAsync(c => c.Id == recorded.CoverageId, Ct));
        Assert.Equal(("130602", "130600", CoverageOrigin.Elsewhere), (stored.County, stored.PoolingRegion, stored.Origin));
        var after = await CalculateAsync(person, 2027);
        // An employee year is insured: no break, no decrease; it neither counts toward nor resets the resident run.
        Assert.Equal((0, 0m), (after.BreakYears, after.Cap!.Decrease));
        var result2026 = await _files.QueryAsync(db => db.ComputedResults.SingleAsync(r => r.PersonId == person && r.Year == 2026, Ct));
        Assert.Equal((true, false), (result2026.Insured, result2026.ResidentInsured));
    }

    public static TheoryData<string, int, string, string, string> Refusals => new()
    {
        // label, year, county, evidence, the field refused
        { "year before 2024", 2023, "110105", "证明1", nameof(ElsewhereRequest.Year) },
        { "year after next year (2027 is the last)", 2028, "110105", "证明1", nameof(ElsewhereRequest.Year) },
        { "unknown county", 2026, "999999", "证明1", nameof(ElsewhereRequest.County) },
        { "a province, not a county", 2026, "110000", "证明1", nameof(ElsewhereRequest.County) },
        { "the household county itself", 2026, "130102", "证明1", nameof(ElsewhereRequest.County) },
        { "blank evidence", 2026, "110105", "   ", nameof(ElsewhereRequest.Evidence) },
        { "evidence of 201 characters", 2026, "110105", new string('证', 201), nameof(ElsewhereRequest.Evidence) },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Record_BadInput_IsRefusedOnTheField_AndNothingIsWritten(string label, int year, string county, string evidence, string field)
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var counts = await CountsAsync(person);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, year, Scheme.Resident, county, evidence), Files.Clerk(), Ct);

        var invalid = Assert.IsType<ElsewhereOutcome.Invalid>(outcome);
        Assert.True(field == invalid.Field, $"{label}: refused on {invalid.Field} ({invalid.Message})");
        Assert.Equal(counts, await CountsAsync(person));
    }

    [Theory]
    [InlineData(2024)] // the first year a record is kept for
    [InlineData(2027)] // next year, on 23 Nov 2026 (the collection period for 2027 is open)
    public async Task Record_TheFirstAndLastYearsAllowed_AreRecorded(int year)
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, year, Scheme.Resident, "110105", "证明"), Files.Clerk(), Ct);

        Assert.IsType<ElsewhereOutcome.Recorded>(outcome);
    }

    [Fact]
    public async Task Record_AYearBeforeTheBirthYear_IsRefusedOnTheYear_AndTheFileStillCalculates()
    {
        var person = await _files.AddPersonAsync("130102", "2025-03-04", 2026);
        var counts = await CountsAsync(person);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2024, Scheme.Resident, "110105", "证明"), Files.Clerk(), Ct);

        var invalid = Assert.IsType<ElsewhereOutcome.Invalid>(outcome);
        Assert.Equal((nameof(ElsewhereRequest.Year), "参保年度不能早于出生年度（2025年）"), (invalid.Field, invalid.Message));
        Assert.Equal(counts, await CountsAsync(person));
        Assert.Equal(2026, (await CalculateAsync(person, 2026)).CoverageYear);
        Assert.IsType<ElsewhereOutcome.Recorded>(await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2025, Scheme.Resident, "110105", "证明"), Files.Clerk(), Ct));
    }

    [Fact]
    public async Task Record_TheHouseholdCounty_SaysItIsLocalCover()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025);

        var invalid = Assert.IsType<ElsewhereOutcome.Invalid>(await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2026, Scheme.Resident, "130102", "证明"), Files.Clerk(), Ct));

        Assert.Contains("本地参保", invalid.Message, StringComparison.Ordinal);
        Assert.Contains("迟参保登记", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_OutsideTheClerksCounty_IsNotFound_LikeAnAbsentPerson()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var counts = await CountsAsync(person);
        var request = new ElsewhereRequest(person, 2026, Scheme.Resident, "110105", "证明");

        var outside = await _files.CoverElsewhere.RecordAsync(request, Files.Clerk("clerk.daoli", "230102"), Ct);
        var absent = await _files.CoverElsewhere.RecordAsync(request with { PersonId = long.MaxValue }, Files.Clerk(), Ct);

        Assert.IsType<ElsewhereOutcome.NotFound>(outside);
        Assert.Equal(absent, outside);
        Assert.Equal(counts, await CountsAsync(person));
    }

    [Fact]
    public async Task Record_ByASupervisor_IsNotAllowed()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var counts = await CountsAsync(person);
        var supervisor = UserScope.For("supervisor.sjz", Roles.Supervisor, "130100", RegionDirectory.Shipped);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2026, Scheme.Resident, "110105", "证明"), supervisor, Ct);

        Assert.IsType<ElsewhereOutcome.NotAllowed>(outcome);
        Assert.Equal(counts, await CountsAsync(person));
    }

    [Fact]
    public async Task Record_AYearAndSchemeAlreadyOnFile_IsAlreadyRecorded()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var counts = await CountsAsync(person);

        var outcome = await _files.CoverElsewhere.RecordAsync(new ElsewhereRequest(person, 2025, Scheme.Resident, "110105", "证明"), Files.Clerk(), Ct);

        var already = Assert.IsType<ElsewhereOutcome.AlreadyRecorded>(outcome);
        Assert.Equal("该参保人2025年度已有居民医保参保记录，不能重复登记。", already.Message);
        Assert.Equal(counts, await CountsAsync(person));
    }

    [Fact]
    public async Task Record_TenClerksAtOnce_OneRecordsAndTheOthersAreToldItIsRecorded()
    {
        var person = await _files.AddPersonAsync("130102", "1980-05-06", 2025, 2027);
        var counts = await CountsAsync(person);
        var service = _files.CoverElsewhere;
        using var barrier = new Barrier(10);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            return await service.RecordAsync(new ElsewhereRequest(person, 2026, Scheme.Resident, "110105", $"证明{i}"), Files.Clerk($"clerk{i}"), CancellationToken.None);
        })));

        Assert.Single(outcomes.OfType<ElsewhereOutcome.Recorded>());
        Assert.Equal(9, outcomes.OfType<ElsewhereOutcome.AlreadyRecorded>().Count());
        var after = await CountsAsync(person);
        Assert.Equal((counts.Coverages + 1, counts.Audit + 1), (after.Coverages, after.Audit));
    }
}
