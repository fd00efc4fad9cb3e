using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.WaitingPeriods;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// What a resident is handed equals the file and every later recomputation: a registration's repair and switch are facts
/// of the coverage record, so the notice, the file's calculation (what the file page and the API answer), the stored
/// results and a full recomputation give the same first day of benefits.
/// </summary>
public sealed class DecisionOfRecordTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARegistrationWithARepair_AndOneWithASwitch_AgreeEverywhere_BeforeAndAfterRecomputingEveryFile()
    {
        // 长安区 (Hebei), insured in 2024 only: 2025 and 2026 are breaks; paid on 2026-11-20 for 2027 with one year repaired.
        // Hebei counts the wait from the payment date: 4 months, 3 after the repair → 2027-02-20 (without it 2027-03-20).
        var repaired = await _files.AddPersonAsync(residentYears: [2024]);
        var repair = await RegisterAsync(repaired, new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 1, null, false), Files.Clerk());

        // 道里区 (Heilongjiang), resident 2024, employee 2025 and 2026, the employee cover ended 2026-03-31, the gap back-paid,
        // resident from 2026-05-15: no waiting period, benefits from the day after the cover ended (without the facts: 2026-08-15).
        var switched = await _files.AddPersonAsync(county: "230102", residentYears: [2024]);
        await AddEmployeeYearsAsync(switched, 2025, 2026);
        var @switch = await RegisterAsync(switched, new PendingEnrollment(2026, new DateOnly(2026, 5, 15), EnrollmentGroup.Ordinary, null, 0, new DateOnly(2026, 3, 31), true), Files.Clerk("clerk2", "230102"));

        Assert.Equal((WaitingReason.Waiting, 1, new DateOnly(2027, 2, 20)), (repair.Reason, repair.RepairedMonths, repair.BenefitsFrom));
        Assert.Equal((WaitingReason.SchemeSwitch, new DateOnly(2026, 4, 1)), (@switch.Reason, @switch.BenefitsFrom));

        await AssertAllAgreeAsync(repaired, 2027, repair.BenefitsFrom);
        await AssertAllAgreeAsync(switched, 2026, @switch.BenefitsFrom);

        // A parameter edit or 1 January recomputes every file from what is stored: the facts come along.
        var freshness = new ResultsFreshness(database.DataSource, _files.Catalogs, _files.Clock);
        await freshness.EnsureAsync(Actor.System, wait: true, force: true, cancellationToken: Ct);

        await AssertAllAgreeAsync(repaired, 2027, repair.BenefitsFrom);
        await AssertAllAgreeAsync(switched, 2026, @switch.BenefitsFrom);
    }

    [Fact]
    public async Task TheYearAfterARepairedEnrollment_CarriesItsWaitingPeriodOver_AsRepaired()
    {
        // Example C1 through a stored file: the 2027 record, paid late on 2027-11-20 with one repaired year, waits until
        // 2028-02-20; the 2028 enrollment paid on time carries that over — as repaired, not the 2028-03-20 of an unrepaired record.
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        await _files.QueryAsync(async db =>
        {
            db.Coverages.Add(new Coverage { PersonId = id, Year = 2027, Scheme = Scheme.Resident, PaidOn = new DateOnly(2027, 11, 20), PoolingRegion = "130100", Origin = CoverageOrigin.Registration, RepairYears = 1 });
            return await db.SaveChangesAsync(Ct);
        });
        var file = await _files.QueryAsync(db => PersonFiles.LoadAsync(db, id, Ct));
        var catalog = await _files.Catalogs.GetAsync(Ct);

        var next = FileCalculator.Calculate(file!, 2028, new DateOnly(2028, 12, 31), catalog, RegionDirectory.Shipped,
            new PendingEnrollment(2028, new DateOnly(2027, 11, 20), EnrollmentGroup.Ordinary, null, 0, null, false)).Result!.WaitingPeriod!;

        Assert.Equal((WaitingReason.OnTime, new DateOnly(2028, 2, 20), (int?)2027), (next.Reason, next.BenefitsFrom, next.CarriedOverFrom));
    }

    private async Task<WaitingPeriodDecision> RegisterAsync(long personId, PendingEnrollment enrollment, Security.UserScope clerk)
    {
        var outcome = await _files.Registrations.RegisterAsync(new RegistrationRequest(personId, enrollment, 400m), clerk, Ct);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(outcome);
        return registered.Result.WaitingPeriod!;
    }

    private async Task AddEmployeeYearsAsync(long personId, params int[] years)
    {
        await _files.QueryAsync(async db =>
        {
            foreach (var year in years)
            {
                db.Coverages.Add(new Coverage { PersonId = personId, Year = year, Scheme = Scheme.Employee, Origin = CoverageOrigin.Import });
            }

            return await db.SaveChangesAsync(Ct);
        });
    }

    /// <summary>The notice's snapshot, the file's calculation (the file page and the API answer from it) and the stored results.</summary>
    private async Task AssertAllAgreeAsync(long personId, int year, DateOnly benefitsFrom)
    {
        var snapshot = await _files.QueryAsync(db => db.Registrations.Where(r => r.PersonId == personId && r.CoverageYear == year).Select(r => r.DecisionSnapshot).SingleAsync(Ct));
        using var notice = JsonDocument.Parse(snapshot);
        Assert.Equal(benefitsFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notice.RootElement.GetProperty("waitingPeriod").GetProperty("benefitsFrom").GetString());

        var file = await _files.QueryAsync(db => PersonFiles.LoadAsync(db, personId, Ct));
        var now = FileCalculator.Calculate(file!, year, _files.Today, await _files.Catalogs.GetAsync(Ct), RegionDirectory.Shipped);
        Assert.Equal(benefitsFrom, now.Result!.WaitingPeriod!.BenefitsFrom);

        var stored = await _files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == personId && r.Year == year).Select(r => r.BenefitsFrom).SingleAsync(Ct));
        Assert.Equal(benefitsFrom, stored);
    }
}
