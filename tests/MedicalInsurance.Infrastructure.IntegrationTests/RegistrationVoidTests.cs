using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Another system's retries (idempotency keys) and a supervisor's void of a registration made in error.</summary>
public sealed class RegistrationVoidTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserScope Supervisor(string city = "130100") => UserScope.For("supervisor1", Roles.Supervisor, city, RegionDirectory.Shipped);

    /// <summary>Insured 2024, missed 2025 and 2026, returning for 2027 in the open collection period with one year repaired.</summary>
    private static RegistrationRequest Returning(long id, string? key = null, int repairYears = 1) =>
        new(id, new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, repairYears, null, false), 400m, key);

    [Fact]
    public async Task Register_SameKeyTwice_RegistersOnce_AndAnswersTheSameSnapshot()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);

        var first = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(Returning(id, "tax-0001"), Files.Clerk(), Ct));
        var again = Assert.IsType<RegistrationOutcome.Repeated>(await _files.Registrations.RegisterAsync(Returning(id, "tax-0001"), Files.Clerk(), Ct));

        Assert.Equal((first.RegistrationId, first.Snapshot), (again.RegistrationId, again.Snapshot));
        Assert.Equal(1, await _files.QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == id, Ct)));
        Assert.Equal(1, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.Action == "register", Ct)));
    }

    [Fact]
    public async Task Register_SameKeyAtOnce_OneRegistration_AndEveryCallerGetsItsAnswer()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _files.Registrations.RegisterAsync(Returning(id, "tax-race"), Files.Clerk(), Ct), Ct)));

        var registered = Assert.Single(outcomes.OfType<RegistrationOutcome.Registered>());
        Assert.All(outcomes.Where(o => o is not RegistrationOutcome.Registered), o => Assert.Equal(registered.RegistrationId, Assert.IsType<RegistrationOutcome.Repeated>(o).RegistrationId));
        Assert.Equal(1, await _files.QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == id, Ct)));
    }

    [Fact]
    public async Task Register_SameKeyWithAnotherRequest_IsRefused_AndAnotherCallersKeyIsTheirOwn()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var other = await _files.AddPersonAsync(residentYears: [2024]);
        Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(Returning(id, "tax-0002"), Files.Clerk(), Ct));

        var reused = await _files.Registrations.RegisterAsync(Returning(other, "tax-0002"), Files.Clerk(), Ct);
        var byAnotherCaller = await _files.Registrations.RegisterAsync(Returning(other, "tax-0002"), Files.Clerk("api:counter"), Ct);

        Assert.IsType<RegistrationOutcome.KeyReused>(reused);
        Assert.IsType<RegistrationOutcome.Registered>(byAnotherCaller);
    }

    [Fact]
    public async Task Void_DeletesCoverageAndRepair_KeepsTheRegistrationMarked_AuditsAndRecomputes()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(Returning(id), Files.Clerk(), Ct));
        Assert.True(await _files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == id && r.Year == 2027).Select(r => r.ResidentInsured).SingleAsync(Ct)));
        // The registration marked the county for the dashboards; cleared here so that the void's own mark is seen.
        await _files.QueryAsync(db => db.DashboardPending.ExecuteDeleteAsync(Ct));

        var outcome = await _files.Registrations.VoidAsync(registered.RegistrationId, "  缴费日期录入错误  ", Supervisor(), Ct);

        var voided = Assert.IsType<VoidOutcome.Voided>(outcome);
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        Assert.False(await db.Coverages.AnyAsync(c => c.Id == registered.CoverageId, Ct));
        Assert.False(await db.RepairPayments.AnyAsync(r => r.RegistrationId == registered.RegistrationId, Ct));
        var registration = await db.Registrations.SingleAsync(r => r.Id == registered.RegistrationId, Ct);
        Assert.Equal((null, (DateTimeOffset?)voided.VoidedAt, "supervisor1", "缴费日期录入错误"), (registration.CoverageId, registration.VoidedAt, registration.VoidedBy, registration.VoidReason));
        Assert.Equal(registered.Snapshot, registration.DecisionSnapshot);
        var audit = await db.AuditEntries.SingleAsync(a => a.PersonId == id && a.Action == "void", Ct);
        Assert.Equal("supervisor1", audit.UserName);
        Assert.Contains($"\"registration\": {registered.RegistrationId}", audit.Details!, StringComparison.Ordinal);
        Assert.Contains("缴费日期录入错误", audit.Details!, StringComparison.Ordinal);
        var computed = await db.ComputedResults.SingleAsync(r => r.PersonId == id && r.Year == 2027, Ct);
        Assert.Equal((false, null, (DateOnly?)null), (computed.ResidentInsured, computed.WaitingReason, computed.PaidOn));
        Assert.True(await db.DashboardPending.AnyAsync(p => p.County == "130102", Ct));
        var notice = (await _files.Registrations.NoticeAsync(registered.RegistrationId, Supervisor(), Ct))!;
        Assert.Equal((voided.VoidedAt, "缴费日期录入错误"), (notice.VoidedAt, notice.VoidReason));
    }

    [Fact]
    public async Task Void_ByAClerk_Twice_WithoutReason_OrOutsideScope_IsRefused_AndChangesNothing()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(Returning(id), Files.Clerk(), Ct));

        Assert.IsType<VoidOutcome.NotAllowed>(await _files.Registrations.VoidAsync(registered.RegistrationId, "录入错误", Files.Clerk(), Ct));
        Assert.IsType<VoidOutcome.Refused>(await _files.Registrations.VoidAsync(registered.RegistrationId, " ", Supervisor(), Ct));
        Assert.IsType<VoidOutcome.NotFound>(await _files.Registrations.VoidAsync(registered.RegistrationId, "录入错误", Supervisor("230100"), Ct));
        Assert.IsType<VoidOutcome.NotFound>(await _files.Registrations.VoidAsync(long.MaxValue, "录入错误", Supervisor(), Ct));
        Assert.True(await _files.QueryAsync(db => db.Coverages.AnyAsync(c => c.Id == registered.CoverageId, Ct)));

        Assert.IsType<VoidOutcome.Voided>(await _files.Registrations.VoidAsync(registered.RegistrationId, "录入错误", Supervisor(), Ct));
        var second = await _files.Registrations.VoidAsync(registered.RegistrationId, "再次作废", Supervisor(), Ct);

        Assert.IsType<VoidOutcome.AlreadyVoided>(second);
        Assert.Equal("录入错误", await _files.QueryAsync(db => db.Registrations.Where(r => r.Id == registered.RegistrationId).Select(r => r.VoidReason).SingleAsync(Ct)));
        Assert.Equal(1, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.Action == "void", Ct)));
    }

    [Fact]
    public async Task Void_ThenTheYear_CanBeRegisteredAgain()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var first = Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(Returning(id), Files.Clerk(), Ct));
        Assert.IsType<VoidOutcome.Voided>(await _files.Registrations.VoidAsync(first.RegistrationId, "补缴年数有误", Supervisor(), Ct));

        var again = await _files.Registrations.RegisterAsync(Returning(id, repairYears: 0), Files.Clerk(), Ct);

        var registered = Assert.IsType<RegistrationOutcome.Registered>(again);
        Assert.Equal(0, registered.Result.WaitingPeriod!.RepairedMonths);
        Assert.Equal(2, await _files.QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == id, Ct)));
        Assert.True(await _files.QueryAsync(db => db.ComputedResults.Where(r => r.PersonId == id && r.Year == 2027).Select(r => r.ResidentInsured).SingleAsync(Ct)));
    }
}
