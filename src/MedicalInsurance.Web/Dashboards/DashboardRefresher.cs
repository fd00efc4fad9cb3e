using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Dashboards;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MedicalInsurance.Web.Dashboards;

/// <summary>
/// Keeps the dashboard figures current in the background: every few seconds it rebuilds the counties whose files changed
/// (registrations, new files and imports mark them), and once a day every county (the nightly run: waiting periods
/// running "now" move with the date). At start it builds the counties that have files but no figures yet.
/// </summary>
internal sealed class DashboardRefresher(NpgsqlDataSource dataSource, TimeProvider time, IOptions<DashboardsOptions> options, ILogger<DashboardRefresher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Refresher)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(options.Value.RefreshSeconds);
        var first = true;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                var today = ChinaCalendar.Today(time);
                var due = await DashboardSummaries.DueAsync(connection, today, includeNeverBuilt: first, stoppingToken);
                if (due.Count > 0)
                {
                    var outcome = await DashboardSummaries.RefreshAsync(connection, due, today, time.GetUtcNow(), stoppingToken);
                    log.LogInformation("Dashboard figures rebuilt for {Counties} counties: {Figures} figures in {Elapsed} ms", outcome.Counties, outcome.Figures, (long)outcome.Elapsed.TotalMilliseconds);
                }

                first = false;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                // The database may be restarting: try again at the next tick; the marks are still there.
                log.LogWarning(ex, "Dashboard refresh failed; retrying at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
