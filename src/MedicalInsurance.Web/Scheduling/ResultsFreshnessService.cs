using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Scheduling;

/// <summary>
/// Keeps every file's stored results under the current stamp (engine, policy parameters, year): at start, every
/// <c>Results:CheckMinutes</c> (default 10) and at once when a parameter is saved (<see cref="ResultsFreshnessSignal"/>)
/// it recomputes every file if the stamp changed — after an upgrade, a parameter change, or on 1 January — resuming a
/// run the server left unfinished. When another sweep is running (the year-end run, or the command line) it waits for
/// the next check. <c>Results:Refresher=false</c> turns it off.
/// </summary>
internal sealed class ResultsFreshnessService(ResultsFreshness freshness, ResultsFreshnessSignal signal, IOptions<ResultsOptions> options, ILogger<ResultsFreshnessService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Refresher)
        {
            return;
        }

        var interval = TimeSpan.FromMinutes(options.Value.CheckMinutes);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await freshness.EnsureAsync(new Actor("scheduler", null), wait: false, cancellationToken: stoppingToken);
                if (outcome.State == FreshnessState.Recomputed)
                {
                    log.LogInformation("Every file recomputed under {Stamp}: {Persons} persons in {Seconds} s", outcome.Run!.Stamp, outcome.Run.Persons, (long)outcome.Elapsed.TotalSeconds);
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(ex, "Recomputing every file failed; it resumes at the next check");
            }

            try
            {
                await signal.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
