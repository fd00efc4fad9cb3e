using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class ScopeTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PersonLookup Lookup(int perMinute = 60) => new(database.ContextFactory, new LookupRateLimiter(_files.Clock, perMinute), ReadRouting.PrimaryOnly(database.ContextFactory));

    [Fact]
    public async Task Lookup_OfAnotherCountysResident_IsNotFound_AndNotAudited()
    {
        var id = await _files.AddPersonAsync("130123", residentYears: [2025]);
        var number = await _files.QueryAsync(db => db.Persons.Where(p => p.Id == id).Select(p => p.IdNumber).SingleAsync(Ct));

        var byNumber = await Lookup().FindByIdNumberAsync(Files.Clerk(), number, Ct);
        var byKey = await Lookup().FindAsync(Files.Clerk(), id, Ct);
        var revealed = await Lookup().RevealIdNumberAsync(Files.Clerk(), id, Ct);

        Assert.IsType<LookupOutcome.NotFound>(byNumber);
        Assert.IsType<LookupOutcome.NotFound>(byKey);
        Assert.Null(revealed);
        Assert.Equal(0, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id, Ct)));
    }

    [Theory]
    [InlineData("clerk of the county", Roles.Clerk, "130123", true)]
    [InlineData("supervisor of the county", Roles.Supervisor, "130123", true)]
    [InlineData("supervisor of the city", Roles.Supervisor, "130100", true)]
    [InlineData("supervisor of the province", Roles.Supervisor, "130000", true)]
    [InlineData("supervisor of another city", Roles.Supervisor, "130200", false)]
    [InlineData("supervisor of another province", Roles.Supervisor, "230000", false)]
    [InlineData("administrator", Roles.Administrator, null, false)]
    public async Task Lookup_WithinTheAssignedDivision_FindsTheFile_AndAuditsTheView(string label, string role, string? scopeCode, bool found)
    {
        var id = await _files.AddPersonAsync("130123", residentYears: [2025]);
        var scope = UserScope.For($"user-{role}", role, scopeCode, RegionDirectory.Shipped, "10.1.2.3");

        var outcome = await Lookup().FindAsync(scope, id, Ct);

        Assert.True(found == outcome is LookupOutcome.Found, label);
        var audits = await _files.QueryAsync(db => db.AuditEntries.Where(a => a.PersonId == id && a.Action == "view").ToListAsync(Ct));
        Assert.Equal(found ? 1 : 0, audits.Count);
        Assert.All(audits, a => Assert.Equal((scope.UserName, "10.1.2.3"), (a.UserName, a.ClientAddress)));
    }

    [Fact]
    public async Task Registration_ByAClerkOfAnotherCounty_IsNotFound_AndWritesNothing()
    {
        var id = await _files.AddPersonAsync("130123", residentYears: [2024]);
        var request = new RegistrationRequest(id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);

        var other = await _files.Registrations.RegisterAsync(request, Files.Clerk(), Ct);
        var supervisor = await _files.Registrations.RegisterAsync(request, UserScope.For("sup", Roles.Supervisor, "130123", RegionDirectory.Shipped), Ct);

        Assert.IsType<RegistrationOutcome.NotFound>(other);
        Assert.IsType<RegistrationOutcome.NotAllowed>(supervisor);
        Assert.Equal(1, await _files.QueryAsync(db => db.Coverages.CountAsync(c => c.PersonId == id, Ct)));
    }

    [Fact]
    public async Task Lookup_AboveTheLimitPerMinute_IsRefusedWithAClearMessage_UntilAMinutePasses()
    {
        var ids = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await _files.AddPersonAsync(residentYears: [2025]));
        }

        var id = ids[0];
        var lookup = Lookup(perMinute: 3);

        var outcomes = new List<LookupOutcome>();
        foreach (var each in ids)
        {
            outcomes.Add(await lookup.FindAsync(Files.Clerk("busy"), each, Ct));
        }

        var other = await lookup.FindAsync(Files.Clerk("calm"), id, Ct);
        _files.Clock.Advance(TimeSpan.FromSeconds(61));
        var later = await lookup.FindAsync(Files.Clerk("busy"), id, Ct);

        Assert.All(outcomes.Take(3), o => Assert.IsType<LookupOutcome.Found>(o));
        Assert.Contains("每分钟最多3次", Assert.IsType<LookupOutcome.TooMany>(outcomes[3]).Message, StringComparison.Ordinal);
        Assert.IsType<LookupOutcome.Found>(other);
        Assert.IsType<LookupOutcome.Found>(later);
    }

    [Fact]
    public async Task Lookup_OfTheSameFileAgainWithinThirtySeconds_IsOneView_AuditedAndCountedOnce()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025]);
        var lookup = Lookup(perMinute: 2);
        var clerk = Files.Clerk("twice");

        // A page's first (server) render, its interactive render, a refresh: one view.
        var renders = new List<LookupOutcome>();
        for (var i = 0; i < 3; i++)
        {
            renders.Add(await lookup.FindAsync(clerk, id, Ct));
        }

        var audited = await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.UserName == "twice", Ct));
        var another = await lookup.FindAsync(Files.Clerk("other"), id, Ct);
        _files.Clock.Advance(TimeSpan.FromSeconds(31));
        var later = await lookup.FindAsync(clerk, id, Ct);

        Assert.All(renders, r => Assert.IsType<LookupOutcome.Found>(r));
        Assert.Equal(1, audited);
        Assert.IsType<LookupOutcome.Found>(another);
        Assert.IsType<LookupOutcome.Found>(later);
        Assert.Equal(2, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.UserName == "twice", Ct)));
    }

    [Fact]
    public async Task Search_ByNameAndBirthDate_ShowsTheLastFourCharactersOnly()
    {
        var id = await _files.AddPersonAsync(birth: "1977-07-07", residentYears: [2025]);
        var number = await _files.QueryAsync(db => db.Persons.Where(p => p.Id == id).Select(p => p.IdNumber).SingleAsync(Ct));

        var matches = await Lookup().SearchAsync(Files.Clerk(), "测试人", new DateOnly(1977, 7, 7), Ct);
        var elsewhere = await Lookup().SearchAsync(Files.Clerk("x", "230102"), "测试人", new DateOnly(1977, 7, 7), Ct);

        var match = Assert.Single(matches!, m => m.Id == id);
        Assert.Equal("**************" + number[^4..], match.MaskedIdNumber);
        Assert.DoesNotContain(elsewhere!, m => m.Id == id);
    }
}
