using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// Reads on the streaming replica, as the app routes them: there while it is current; a writer's next reads on the primary
/// until the replica has replayed their write (by LSN); every read on the primary while the replica lags beyond the
/// bound or does not answer. The pair is this class's own (the tests pause the replica's replay, which would hold up the
/// other classes on the shared pair).
/// </summary>
public sealed class ReadRoutingTests(FailoverDatabase database) : IClassFixture<FailoverDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ShiftedClock _clock = new(DateTimeOffset.UtcNow);

    private ReadRouting Routing(string? replica = null, int maxLagSeconds = 10) => new(database.ContextFactory, database.DataSource,
        Options.Create(new DatabaseOptions { Default = database.ConnectionString, Replica = replica ?? database.ReplicaApplicationConnectionString }),
        Options.Create(new ReplicaOptions { MaxLagSeconds = maxLagSeconds, ProbeSeconds = 1 }), _clock);

    private static async Task<bool> OnReplicaAsync(ReadRouting routing, string? user)
    {
        await using var db = await routing.CreateReadContextAsync(user, Ct);
        return await db.Database.SqlQuery<bool>($"select pg_is_in_recovery() as \"Value\"").SingleAsync(Ct);
    }

    private async Task ReplayAsync(bool paused)
    {
        await using var connection = new NpgsqlConnection(database.Pair.ReplicaConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(paused ? "select pg_wal_replay_pause()" : "select pg_wal_replay_resume()", connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task Reads_GoToTheReplica_WhileItIsCurrent_AndHealthSaysSo()
    {
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        await using var routing = Routing();

        var onReplica = await OnReplicaAsync(routing, "clerk.a");
        var status = await routing.StatusAsync(Ct);

        Assert.True(onReplica);
        Assert.Equal(ReplicaState.Current, status.State);
    }

    [Fact]
    public async Task AWritersNextReads_GoToThePrimary_UntilTheReplicaHasReplayedTheirWrite_OtherReadersStayOnTheReplica()
    {
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        await using var routing = Routing();
        Assert.True(await OnReplicaAsync(routing, "clerk.writer"));
        await ReplayAsync(paused: true);
        try
        {
            var id = await new Files(database.ContextFactory).AddPersonAsync(residentYears: [2025, 2026]);
            await routing.NoteWriteAsync("clerk.writer", Ct);

            var writerOnReplica = await OnReplicaAsync(routing, "clerk.writer");
            var otherOnReplica = await OnReplicaAsync(routing, "clerk.other");
            await using (var db = await routing.CreateReadContextAsync("clerk.writer", Ct))
            {
                Assert.True(await db.Persons.AnyAsync(p => p.Id == id, Ct), "the writer reads their own write");
            }

            Assert.False(writerOnReplica);
            Assert.True(otherOnReplica);
        }
        finally
        {
            await ReplayAsync(paused: false);
        }

        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        Assert.True(await OnReplicaAsync(routing, "clerk.writer"), "once replayed, the writer reads on the replica again");
    }

    [Fact]
    public async Task AReplicaBehindTheBound_SendsEveryReadToThePrimary_UntilItCatchesUp()
    {
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        await using var routing = Routing(maxLagSeconds: 5);
        Assert.True(await OnReplicaAsync(routing, null));
        await ReplayAsync(paused: true);
        ReplicaStatus lagging;
        bool readOnReplica;
        try
        {
            await new Files(database.ContextFactory).AddPersonAsync(residentYears: [2026]);
            // The next probe sees the write; six seconds later (the clock moved on) the replica still has not replayed it.
            _clock.Advance(TimeSpan.FromSeconds(2));
            await routing.StatusAsync(Ct);
            _clock.Advance(TimeSpan.FromSeconds(6));
            lagging = await routing.StatusAsync(Ct);
            readOnReplica = await OnReplicaAsync(routing, null);
        }
        finally
        {
            await ReplayAsync(paused: false);
        }

        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var caughtUp = await routing.StatusAsync(Ct);

        Assert.Equal(ReplicaState.Lagging, lagging.State);
        Assert.True(lagging.Lag >= TimeSpan.FromSeconds(5), lagging.ToString());
        Assert.False(readOnReplica);
        Assert.Equal(ReplicaState.Current, caughtUp.State);
    }

    [Fact]
    public async Task AReplicaThatDoesNotAnswer_SendsReadsToThePrimary_AndLookUpsAndDashboardsStillWork()
    {
        // A port nothing listens on: the replica is down.
        var down = new NpgsqlConnectionStringBuilder(database.ReplicaApplicationConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        await using var routing = Routing(replica: down);
        var files = new Files(database.ContextFactory);
        var id = await files.AddPersonAsync(residentYears: [2025, 2026]);
        var idNumber = await files.QueryAsync(db => db.Persons.Where(p => p.Id == id).Select(p => p.IdNumber).SingleAsync(Ct));

        var status = await routing.StatusAsync(Ct);
        var onReplica = await OnReplicaAsync(routing, "clerk");
        var found = await new PersonLookup(database.ContextFactory, new LookupRateLimiter(files.Clock), routing).FindByIdNumberAsync(Files.Clerk(), idNumber, Ct);
        var dashboard = await new DashboardQueries(routing, files.Catalogs, files.Clock).LoadAsync(Files.Clerk(), "130102", null, Ct);

        Assert.Equal(ReplicaState.Down, status.State);
        Assert.False(onReplica);
        Assert.Equal(id, Assert.IsType<LookupOutcome.Found>(found).File.Person.Id);
        Assert.IsNotType<DashboardOutcome.NotFound>(dashboard);
    }

    [Fact]
    public async Task ALookUp_ReadsTheFileOnTheReplica_AndAuditsTheViewOnThePrimary()
    {
        var files = new Files(database.ContextFactory);
        var id = await files.AddPersonAsync(residentYears: [2025, 2026]);
        var idNumber = await files.QueryAsync(db => db.Persons.Where(p => p.Id == id).Select(p => p.IdNumber).SingleAsync(Ct));
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        await using var routing = Routing();
        Assert.True(await OnReplicaAsync(routing, Files.Clerk().UserName));

        var found = await new PersonLookup(database.ContextFactory, new LookupRateLimiter(files.Clock), routing).FindByIdNumberAsync(Files.Clerk(), idNumber, Ct);

        Assert.Equal(id, Assert.IsType<LookupOutcome.Found>(found).File.Person.Id);
        Assert.Equal(1, await files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.Action == "view", Ct)));
    }
}
