using System.Diagnostics;
using System.Globalization;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// The primary is lost and the operator promotes the replica with scripts/promote-replica.sh: no registration committed
/// (and replayed) before the loss is missing afterwards, and the promoted server takes registrations. A pair of its own,
/// made by the scripts' functions, since the test stops its primary for good.
/// </summary>
public sealed class FailoverTests(FailoverDatabase database) : IClassFixture<FailoverDatabase>
{
    private const int Residents = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Insured 2024, missed 2025 and 2026, returning for 2027 in the open collection period with one year repaired.</summary>
    private static RegistrationRequest Returning(long id) =>
        new(id, new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 1, null, false), 400m);

    [Fact]
    public async Task RegistrationsCommittedBeforeThePrimaryIsLost_AreAllOnThePromotedReplica_WhichThenTakesRegistrations()
    {
        var files = new Files(database.ContextFactory);
        // A commit returns once its WAL is flushed, as in production: what the clerk was told is registered is durable.
        Assert.Equal("on", await files.QueryAsync(db => db.Database.SqlQuery<string>($"select current_setting('synchronous_commit') as \"Value\"").SingleAsync(Ct)));
        var committed = new List<RegistrationOutcome.Registered>();
        for (var i = 0; i < Residents; i++)
        {
            var id = await files.AddPersonAsync(residentYears: [2024]);
            committed.Add(Assert.IsType<RegistrationOutcome.Registered>(await files.Registrations.RegisterAsync(Returning(id), Files.Clerk(), Ct)));
        }

        var before = await RegistrationsAsync(files);
        Assert.Equal(committed.Select(r => r.RegistrationId).Order(), before.Select(r => r.Id));
        var lag = await database.Pair.WaitForReplayAsync(cancellationToken: Ct);

        await database.OwnedPair.LosePrimaryAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            // Not from the pool, whose idle connections were opened before the loss: a new one, to the server itself.
            await using var lost = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString);
            await lost.OpenAsync(Ct);
        });
        var clock = Stopwatch.StartNew();
        var (port, told) = await database.OwnedPair.PromoteReplicaAsync();
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replayed {lag.TotalMilliseconds:0.0} ms after the last commit; promoted in {clock.ElapsedMilliseconds} ms"));

        Assert.Equal(database.OwnedPair.ReplicaPort, port);
        Assert.Contains("ConnectionStrings__Default", told, StringComparison.Ordinal);
        var promoted = new Files(database.ReplicaContextFactory);
        Assert.Equal(before, await RegistrationsAsync(promoted));

        var afterwards = await promoted.AddPersonAsync(residentYears: [2024]);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await promoted.Registrations.RegisterAsync(Returning(afterwards), Files.Clerk(), Ct));
        Assert.Equal(Residents + 1, (await RegistrationsAsync(promoted)).Count);
        Assert.DoesNotContain(registered.RegistrationId, before.Select(r => r.Id));
    }

    /// <summary>Every registration with what it made: its coverage record, repair payment, audit line and stored result.</summary>
    private sealed record Stored(long Id, long PersonId, long? CoverageId, int? CoverageYear, int RepairPayments, int AuditLines, int Results, string Snapshot);

    private static async Task<List<Stored>> RegistrationsAsync(Files files) => await files.QueryAsync(db =>
        db.Registrations.OrderBy(r => r.Id).Select(r => new Stored(
            r.Id,
            r.PersonId,
            r.CoverageId,
            db.Coverages.Where(c => c.Id == r.CoverageId).Select(c => (int?)c.Year).SingleOrDefault(),
            db.RepairPayments.Count(p => p.RegistrationId == r.Id),
            db.AuditEntries.Count(a => a.PersonId == r.PersonId && a.Action == "register"),
            db.ComputedResults.Count(c => c.PersonId == r.PersonId && c.Year == r.CoverageYear),
            r.DecisionSnapshot)).ToListAsync(Ct));
}
