using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The web app's background check of every file's results, switched on (the other tests switch it off): it brings an
/// older database's results up to date at start, and recomputes at once when a saved parameter pokes it.
/// </summary>
public sealed class ResultsRefresherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AtStart_AndWhenAParameterIsSaved_EveryFileIsRecomputed_WithoutWaitingForTheInterval()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        // A file whose results an older engine stored (no run recorded), with a wrong cap to show they are redone.
        var files = new Demo(database);
        var person = await files.AddResidentAsync();

        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Default", database.ApplicationConnectionString)
            .UseSetting("Results:CheckMinutes", "60")
            .UseSetting("YearEnd:Enabled", "false")
            .UseSetting("WarmUp:Enabled", "false"));
        _ = factory.Services;
        var atStart = await WaitForRunsAsync(database, 1);
        var capAtStart = await files.CapAsync(person);

        var error = await factory.Services.GetRequiredService<ParameterAdministration>().SaveAsync(
            new(null, "hebei", "130100", "originalCap", 2025, null, "350000", "confirmed", "石家庄市大病保险文件"), "石家庄市公布原封顶线", null, new Actor("admin", null), Ct);
        factory.Services.GetRequiredService<ResultsFreshnessSignal>().Poke();
        var afterSave = await WaitForRunsAsync(database, 2);

        Assert.Equal((RunStatus.Done, "scheduler"), (atStart[0].Status, atStart[0].StartedBy));
        Assert.Equal(300_000m, capAtStart);
        Assert.Null(error);
        Assert.Equal(RunStatus.Done, afterSave[1].Status);
        Assert.NotEqual(afterSave[0].Stamp, afterSave[1].Stamp);
        Assert.Equal(350_000m, await files.CapAsync(person));
    }

    /// <summary>The recorded runs once <paramref name="count"/> of them are done (a minute at most; it takes a second).</summary>
    private static async Task<List<RecomputeRun>> WaitForRunsAsync(MigratedDatabase database, int count)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
            var runs = await db.RecomputeRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct);
            if (runs.Count(r => r.Status == RunStatus.Done) >= count)
            {
                return runs;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"{count} recomputations were not done within a minute");
    }

    private sealed class Demo(MigratedDatabase database)
    {
        public async Task<long> AddResidentAsync()
        {
            await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
            var first17 = "13010219800506123";
            var person = new Person
            {
                IdNumber = first17 + Domain.Persons.IdNumber.CheckCharacter(first17),
                Name = "重算人",
                BirthDate = new DateOnly(1980, 5, 6),
                Sex = Domain.Persons.Sex.Male,
                HouseholdCounty = "130102",
            };
            person.Coverages.Add(new Coverage
            {
                Year = 2025,
                Scheme = Domain.Enrollment.Scheme.Resident,
                PaidOn = new DateOnly(2024, 11, 1),
                Origin = CoverageOrigin.Import,
            });
            db.Persons.Add(person);
            await db.SaveChangesAsync(Ct);
            db.ComputedResults.Add(new ComputedResult { PersonId = person.Id, Year = 2025, HouseholdCounty = "130102", Insured = true, ResidentInsured = true, CapOriginal = 1m, ComputedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
            return person.Id;
        }

        public async Task<decimal?> CapAsync(long person)
        {
            await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
            return await db.ComputedResults.Where(r => r.PersonId == person && r.Year == 2025).Select(r => r.CapOriginal).SingleAsync(Ct);
        }
    }
}
