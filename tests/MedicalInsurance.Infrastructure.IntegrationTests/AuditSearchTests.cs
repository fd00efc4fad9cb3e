using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Testing;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class AuditSearchTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_ByPersonUserAndDate_FindsOnlyThoseEntries_NewestFirst()
    {
        var files = new Files(database.ContextFactory);
        var person = await files.AddPersonAsync(residentYears: [2025]);
        await using (var db = await database.ContextFactory.CreateDbContextAsync(Ct))
        {
            AuditLog.Add(db, new Actor("alice", "10.0.0.1"), "view", person);
            AuditLog.Add(db, new Actor("bob", "10.0.0.2"), "view", person);
            AuditLog.Add(db, new Actor("alice", "10.0.0.1"), "register", person);
            AuditLog.Add(db, new Actor("alice", "10.0.0.1"), "view", null);
            await db.SaveChangesAsync(Ct);
        }

        var search = new AuditSearch(database.ContextFactory);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);

        var byPerson = await search.FindAsync(person, null, null, null, cancellationToken: Ct);
        var byPersonAndUser = await search.FindAsync(person, "alice", today, today, cancellationToken: Ct);
        var tomorrow = await search.FindAsync(person, null, today.AddDays(1), null, cancellationToken: Ct);

        Assert.Equal(3, byPerson.Count);
        Assert.Equal(["register", "view"], byPersonAndUser.Select(e => e.Action));
        Assert.Empty(tomorrow);
    }
}
