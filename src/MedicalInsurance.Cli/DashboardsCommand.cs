using System.CommandLine;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Dashboards;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serilog;

namespace MedicalInsurance.Cli;

/// <summary><c>dashboards refresh [--county C] [--all]</c>: rebuilds dashboard figures now (the web app does it on its own).</summary>
internal static class DashboardsCommand
{
    public static Command Create(TextWriter output, TimeProvider time)
    {
        var county = new Option<string[]>("--county") { Description = "只重建这些县（区）", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "重建所有有档案的县（区）；默认只重建待更新的" };
        var refresh = new Command("refresh", "重建看板统计数据") { county, all };
        refresh.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliApplication.Services(time);
            await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(cancellationToken);
            var today = ChinaCalendar.Today(time);
            var counties = parse.GetValue(county) is { Length: > 0 } chosen ? chosen
                : parse.GetValue(all) ? await DashboardSummaries.AllCountiesAsync(connection, cancellationToken)
                : await DashboardSummaries.DueAsync(connection, today, includeNeverBuilt: true, cancellationToken);
            var outcome = await DashboardSummaries.RefreshAsync(connection, counties.ToArray(), today, time.GetUtcNow(), cancellationToken);
            Log.Information("dashboards refreshed");
            await output.WriteLineAsync($"dashboard figures: {outcome.Figures:N0} for {outcome.Counties} counties in {outcome.Elapsed.TotalSeconds:N2} s");
            return CliApplication.ExitOk;
        });
        return new Command("dashboards", "看板统计数据") { refresh };
    }
}
