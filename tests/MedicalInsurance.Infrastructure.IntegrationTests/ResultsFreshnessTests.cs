using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// Every file's stored results follow what they depend on besides the file: the engine, the policy parameters, the year.
/// Each test has its own database with a small demo population.
/// </summary>
public sealed class ResultsFreshnessTests
{
    private static readonly Actor Admin = new("admin1", null);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(MigratedDatabase Database, Files Files)> SeededAsync()
    {
        var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        await DemoSeeder.SeedAsync(database.DataSource, 1500, seed: 5, files.Clock, await files.Catalogs.GetAsync(Ct), _ => { });
        return (database, files);
    }

    [Fact]
    public async Task ResultsOfAnOlderEngine_AreRecomputed_StoppedAndResumed_EqualToTheEngine_ThenFresh()
    {
        var (database, files) = await SeededAsync();
        await using var _ = database;
        // What an upgrade leaves: columns added with a default (0) and next year's rows missing.
        var spoiled = await files.QueryAsync(db => db.ComputedResults.ExecuteUpdateAsync(u => u.SetProperty(r => r.ConsecutiveResidentYears, 0).SetProperty(r => r.CapEffective, 1m), Ct));
        await files.QueryAsync(db => db.ComputedResults.Where(r => r.Year == files.Today.Year + 1).ExecuteDeleteAsync(Ct));
        var freshness = new ResultsFreshness(database.DataSource, files.Catalogs, files.Clock, chunk: 400);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var chunks = 0;
        var progress = new Callback(_ =>
        {
            if (++chunks == 2)
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => freshness.EnsureAsync(Admin, wait: true, false, progress, stop.Token));
        var partly = await files.QueryAsync(db => db.RecomputeRuns.SingleAsync(Ct));
        var resumed = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var again = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);

        var eightHundredth = await files.QueryAsync(db => db.Persons.OrderBy(p => p.Id).Skip(799).Select(p => p.Id).FirstAsync(Ct));
        Assert.True(spoiled > 1500);
        Assert.Equal((RunStatus.Running, eightHundredth, 800L), (partly.Status, partly.LastPersonId, partly.Persons));
        Assert.Equal(FreshnessState.Recomputed, resumed.State);
        Assert.True(resumed.Resumed);
        Assert.Equal(1500, resumed.Run!.Persons);
        Assert.Equal(FreshnessState.Fresh, again.State);
        Assert.Equal(1500, await AssertEqualToTheEngineAsync(database, files));
        Assert.True(await files.QueryAsync(db => db.ComputedResults.AnyAsync(r => r.ConsecutiveResidentYears > 3, Ct)));
        Assert.Equal(1, await files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "recompute", Ct)));
        // The figures were rebuilt from the recomputed results: nothing left pending.
        Assert.False(await files.QueryAsync(db => db.DashboardPending.AnyAsync(Ct)));
    }

    [Fact]
    public async Task AParameterChange_AndANewYear_RecomputeEveryFile_AndAnotherSweepMakesItWait()
    {
        var (database, files) = await SeededAsync();
        await using var _ = database;
        var freshness = new ResultsFreshness(database.DataSource, files.Catalogs, files.Clock);
        await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var fresh = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var hebei = RegionDirectory.Shipped.CountiesWithin("130000");
        var capsBefore = await files.QueryAsync(db => db.ComputedResults.Where(r => hebei.Contains(r.HouseholdCounty) && r.CapOriginal != null).Select(r => r.CapOriginal).Distinct().ToListAsync(Ct));

        await files.QueryAsync(db => db.Database.ExecuteSqlRawAsync("update policy_parameters set value = '320000' where province = 'hebei' and name = 'originalCap'", Ct));
        // Not pooled: a session of its own, apart from the sweeps' pool.
        await using (var holder = new NpgsqlConnection(database.ConnectionString + ";Pooling=false"))
        {
            await holder.OpenAsync(Ct);
            await using (var hold = new NpgsqlCommand($"select pg_advisory_lock({ResultsFreshness.SweepLock})", holder))
            {
                await hold.ExecuteNonQueryAsync(Ct);
            }

            Assert.Equal(FreshnessState.Busy, (await freshness.EnsureAsync(Admin, wait: false, cancellationToken: Ct)).State);
            // Released before the close: the backend of a closed connection may still hold the lock for a moment, and the
            // next sweep below would find it busy.
            await using var release = new NpgsqlCommand($"select pg_advisory_unlock({ResultsFreshness.SweepLock})", holder);
            await release.ExecuteNonQueryAsync(Ct);
        }

        var afterChange = await freshness.EnsureAsync(Admin, wait: false, cancellationToken: Ct);
        var capsAfter = await files.QueryAsync(db => db.ComputedResults.Where(r => hebei.Contains(r.HouseholdCounty) && r.CapOriginal != null).Select(r => r.CapOriginal).Distinct().ToListAsync(Ct));
        var nextYear = files.Today.Year + 2;
        files.Clock.SetUtcNow(new DateTimeOffset(files.Today.Year + 1, 1, 1, 1, 0, 0, TimeSpan.Zero));
        var newYear = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);

        Assert.Equal(FreshnessState.Fresh, fresh.State);
        Assert.Equal([300000m], capsBefore);
        Assert.Equal(FreshnessState.Recomputed, afterChange.State);
        Assert.Equal([320000m], capsAfter);
        Assert.Equal(FreshnessState.Recomputed, newYear.State);
        Assert.Equal(files.Today.Year, newYear.Run!.Stamp.Year);
        Assert.Equal(1500, await files.QueryAsync(db => db.ComputedResults.CountAsync(r => r.Year == nextYear, Ct)));
        Assert.Equal(1500, await AssertEqualToTheEngineAsync(database, files));
    }

    [Fact]
    public async Task ARunStoppedUnderAnotherStamp_IsNotTakenForFresh_WhenTheParametersGoBack()
    {
        var (database, files) = await SeededAsync();
        await using var _ = database;
        var freshness = new ResultsFreshness(database.DataSource, files.Catalogs, files.Clock, chunk: 400);
        await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        await SetHebeiCapAsync(files, 320000);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new Callback(_ => stop.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => freshness.EnsureAsync(Admin, wait: true, false, progress, stop.Token));
        var halfway = await files.QueryAsync(db => db.ComputedResults.Where(r => r.CapOriginal == 320000m).Select(r => r.PersonId).Distinct().CountAsync(Ct));

        await SetHebeiCapAsync(files, 300000);
        var back = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);

        Assert.True(halfway > 0, "the stopped run wrote nothing");
        Assert.Equal(FreshnessState.Recomputed, back.State);
        Assert.False(await files.QueryAsync(db => db.ComputedResults.AnyAsync(r => r.CapOriginal == 320000m, Ct)));
        Assert.Equal([RunStatus.Done, RunStatus.Done, RunStatus.Superseded], (await files.QueryAsync(db => db.RecomputeRuns.Select(r => r.Status).ToListAsync(Ct))).Order());
    }

    private static Task<int> SetHebeiCapAsync(Files files, int cap) =>
        files.QueryAsync(db => db.Database.ExecuteSqlAsync($"update policy_parameters set value = {cap.ToString(System.Globalization.CultureInfo.InvariantCulture)}::jsonb where province = 'hebei' and name = 'originalCap'", Ct));

    [Fact]
    public async Task ANewDatabase_IsFresh_AndRecordedSo()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var freshness = new ResultsFreshness(database.DataSource, files.Catalogs, files.Clock);

        var outcome = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var person = await files.AddPersonAsync("130102", "1980-05-06", 2025, 2026);
        var later = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);

        Assert.Equal(FreshnessState.Fresh, outcome.State);
        Assert.Equal(FreshnessState.Fresh, later.State);
        Assert.Equal(RunStatus.Done, (await files.QueryAsync(db => db.RecomputeRuns.SingleAsync(Ct))).Status);
        Assert.True(person > 0);
    }

    [Fact]
    public async Task ASweep_SkipsAFileBeingWritten_AndAnImportRefreshWaitsForIt_ThenReadsTheNewRecord()
    {
        var (database, files) = await SeededAsync();
        await using var _ = database;
        var year = files.Today.Year + 1;
        var person = await files.QueryAsync(db => db.ComputedResults.Where(r => r.Year == year && !r.ResidentInsured).OrderBy(r => r.PersonId).Select(r => r.PersonId).FirstAsync(Ct));
        await files.QueryAsync(db => db.ComputedResults.ExecuteUpdateAsync(u => u.SetProperty(r => r.WaitingMonths, 99), Ct));
        var freshness = new ResultsFreshness(database.DataSource, files.Catalogs, files.Clock, chunk: 400);

        // A clerk's registration for the person, not yet committed: its foreign key holds the person.
        await using var clerk = new NpgsqlConnection(database.ConnectionString);
        await clerk.OpenAsync(Ct);
        await using var registration = await clerk.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand(
            "insert into coverages (person_id, year, scheme, paid_on, amount, \"group\", pooling_region, origin, created_at) " +
            "select id, $2, 'Resident', $3, 400, 'Ordinary', (select parent_code from regions where code = household_county), 'Registration', now() from persons where id = $1", clerk, registration))
        {
            insert.Parameters.Add(new() { Value = person });
            insert.Parameters.Add(new() { Value = year });
            insert.Parameters.Add(new() { Value = files.Today });
            Assert.Equal(1, await insert.ExecuteNonQueryAsync(Ct));
        }

        var swept = await freshness.EnsureAsync(Admin, wait: true, force: true, cancellationToken: Ct);
        var untouched = await files.QueryAsync(db => db.ComputedResults.Where(r => r.WaitingMonths == 99).Select(r => r.PersonId).Distinct().ToListAsync(Ct));
        var catalog = await files.Catalogs.GetAsync(Ct);
        var refresh = ResultRefresh.RefreshAsync(database.DataSource, [person], files.Today, catalog, files.Clock.GetUtcNow(), cancellationToken: Ct);
        var waited = await BlockedByAsync(database.ConnectionString, clerk.ProcessID, refresh);
        await registration.CommitAsync(Ct);
        var refreshed = await refresh;
        var row = await files.QueryAsync(db => db.ComputedResults.SingleAsync(r => r.PersonId == person && r.Year == year, Ct));

        Assert.Equal(FreshnessState.Recomputed, swept.State);
        Assert.Equal([person], untouched);
        Assert.Equal(1499, swept.Run!.Persons);
        Assert.True(waited, "the refresh went ahead while the registration held the person");
        Assert.Equal(1, refreshed.Persons);
        Assert.True(row.ResidentInsured);
        Assert.Equal(files.Today, row.PaidOn);
    }

    /// <summary>
    /// True once a session of the database waits on a lock that backend <paramref name="holder"/> holds, while
    /// <paramref name="work"/> has not finished; false when the work finishes first. The server says who waits on whom
    /// (pg_blocking_pids), so the answer does not hang on how long the work would take.
    /// </summary>
    private static async Task<bool> BlockedByAsync(string connectionString, int holder, Task work)
    {
        await using var observer = new NpgsqlConnection(connectionString);
        await observer.OpenAsync(Ct);
        await using var blocked = new NpgsqlCommand("select exists (select from pg_stat_activity where datname = current_database() and $1 = any(pg_blocking_pids(pid)))", observer);
        blocked.Parameters.Add(new() { Value = holder });
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!work.IsCompleted)
        {
            if ((bool)(await blocked.ExecuteScalarAsync(timeout.Token))!)
            {
                return !work.IsCompleted;
            }

            await Task.Delay(20, timeout.Token);
        }

        return false;
    }

    /// <summary>Every file's stored rows against the engine, field by field; returns the number of files compared.</summary>
    private static async Task<int> AssertEqualToTheEngineAsync(MigratedDatabase database, Files files)
    {
        var catalog = await new Parameters.PolicyCatalogProvider(database.ContextFactory, files.Clock).GetAsync(Ct);
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var stored = (await db.ComputedResults.AsNoTracking().ToListAsync(Ct)).ToLookup(r => r.PersonId);
        var compared = 0;
        foreach (var id in await db.Persons.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Ct))
        {
            var file = (await PersonFiles.LoadAsync(db, id, Ct))!;
            var expected = ComputedResults.Compute(file, files.Today, catalog, RegionDirectory.Shipped, DateTimeOffset.UnixEpoch);
            var actual = stored[id].OrderBy(r => r.Year).ToList();
            Assert.Equal(expected.Select(Key), actual.Select(Key));
            compared++;
        }

        return compared;
    }

    private static string Key(ComputedResult r) =>
        $"{r.Year} {r.Insured} {r.ResidentInsured} {r.BreakYears} {N(r.CapOriginal)} {N(r.CapIncrease)} {N(r.CapDecrease)} {N(r.CapEffective)} {r.ContinuousSteps} {r.ZeroClaimSteps} " +
        $"{r.WaitingReason} {r.WaitingMonths} {r.BenefitsFrom} {r.PaidOn} {r.PaidLate} {r.ConsecutiveResidentYears} {r.AtIncreaseCeiling} " +
        $"{r.IfLateBenefitsFrom} {r.IfLateWaitingMonths} {r.IfSkipBenefitsFrom} {N(r.IfSkipDecrease)} {r.IfSkipWaitingMonths}";

    /// <summary>A stored numeric(12,2) reads back with two decimals; the engine's value may have none.</summary>
    private static string? N(decimal? value) => value?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
