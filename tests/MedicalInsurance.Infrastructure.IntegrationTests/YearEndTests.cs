using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class YearEndTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task YearEnd_StoppedAfterAChunk_ThenRunAgain_Resumes_AndEqualsTheEnginePersonByPerson()
    {
        var files = new Files(database.ContextFactory);
        var catalog = await files.Catalogs.GetAsync(Ct);
        const int year = 2026;
        // Spoil the stored results of the year, so only a recomputation can make them right again.
        await files.QueryAsync(db => db.ComputedResults.Where(r => r.Year == year).ExecuteUpdateAsync(u => u.SetProperty(r => r.CapEffective, 1m).SetProperty(r => r.WaitingMonths, 99), Ct));
        var runner = new YearEnd(database.DataSource, files.Catalogs, files.Clock, chunk: 500);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var chunks = 0;
        var progress = new Callback(_ =>
        {
            if (++chunks == 2)
            {
                stop.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(year, new Actor("admin1", null), progress, stop.Token));
        var partly = await files.QueryAsync(db => db.YearEndRuns.SingleAsync(Ct));
        var outcome = await runner.RunAsync(year, new Actor("admin1", null), null, Ct);

        Assert.Equal(RunStatus.Running, partly.Status);
        Assert.Equal(files.Clock.GetUtcNow(), partly.StartedAt); // the run's clock, not the machine's
        Assert.InRange(partly.LastPersonId, 1000, 1500);
        Assert.True(outcome.Resumed);
        Assert.Equal(RunStatus.Done, outcome.Run.Status);
        var compared = 0;
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var stored = await db.ComputedResults.Where(r => r.Year == year).ToDictionaryAsync(r => r.PersonId, Ct);
        foreach (var id in await db.Persons.Where(p => p.HouseholdCounty == "130102").OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Ct))
        {
            var file = (await PersonFiles.LoadAsync(db, id, Ct))!;
            if (!file.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Resident))
            {
                continue;
            }

            var result = FileCalculator.Calculate(file, year, files.Today, catalog, RegionDirectory.Shipped).Result!;
            var row = stored[id];
            Assert.Equal(result.Cap?.Effective, row.CapEffective);
            Assert.Equal(result.Cap?.Increase, row.CapIncrease);
            Assert.Equal(result.WaitingPeriod?.TotalMonths ?? 0, row.WaitingMonths);
            Assert.Equal(result.WaitingPeriod?.BenefitsFrom, row.BenefitsFrom);
            compared++;
        }

        Assert.True(compared > 500, $"{compared} insured residents compared");
        Assert.Equal(outcome.Run.Persons, await db.ComputedResults.CountAsync(r => r.Year == year && r.ResidentInsured && r.WaitingMonths != 99, Ct));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "year-end", Ct));
    }
}
