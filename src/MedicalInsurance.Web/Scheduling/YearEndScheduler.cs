using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Scheduling;

/// <summary>
/// The scheduled year-end run: on <c>YearEnd:RunOn</c> (month-day, default 01-01, Beijing time) it runs for the year just
/// begun unless that year's run is done; a run left unfinished (the server stopped) is resumed at the next check.
/// Checks hourly; <c>YearEnd:Enabled=false</c> turns it off.
/// </summary>
internal sealed class YearEndScheduler(YearEnd runner, IDbContextFactory<MedicalInsuranceDbContext> contexts, TimeProvider time, IOptions<YearEndOptions> options, ILogger<YearEndScheduler> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var runOn = options.Value.RunOnDay!.Value;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            try
            {
                var today = ChinaCalendar.Today(time);
                await using var db = await contexts.CreateDbContextAsync(stoppingToken);
                var unfinished = await db.YearEndRuns.Where(r => r.Status == RunStatus.Running).Select(r => (int?)r.Year).FirstOrDefaultAsync(stoppingToken);
                var due = today.Month == runOn.Month && today.Day >= runOn.Day && today.Day <= runOn.Day + 6
                    && !await db.YearEndRuns.AnyAsync(r => r.Year == today.Year && r.Status == RunStatus.Done, stoppingToken);
                if (unfinished is { } year || due)
                {
                    var outcome = await runner.RunAsync(unfinished ?? today.Year, new Actor("scheduler", null), null, stoppingToken);
                    log.LogInformation("Year-end run for {Year}: {Persons} insured residents in {Seconds} s", outcome.Run.Year, outcome.Run.Persons, (long)outcome.Elapsed.TotalSeconds);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or DbUpdateException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Year-end run failed; it resumes at the next check");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
