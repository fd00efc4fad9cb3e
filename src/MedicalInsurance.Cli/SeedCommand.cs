using System.CommandLine;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Parameters;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Cli;

/// <summary><c>seed --demo --persons N --seed S</c>: a synthetic population into an empty file, by binary COPY.</summary>
internal static class SeedCommand
{
    public static Command Create(TextWriter output, TimeProvider time)
    {
        var demo = new Option<bool>("--demo") { Description = "生成演示人群（必填：本命令只生成合成数据）" };
        var persons = new Option<int>("--persons") { Description = "人数", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "随机种子：同一种子生成同一人群", DefaultValueFactory = _ => 1 };
        var command = new Command("seed", "向空库写入演示数据（连接串取自环境变量 " + CliApplication.ConnectionStringVariable + "）") { demo, persons, seed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(demo))
            {
                throw new CommandFailedException("seed writes synthetic data only: say --demo");
            }

            var count = parse.GetValue(persons);
            if (count is < 1 or > 10_000_000)
            {
                throw new CommandFailedException("--persons must be between 1 and 10,000,000");
            }

            await using var services = CliApplication.Services(time);
            var dataSource = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
            var catalog = await services.GetRequiredService<PolicyCatalogProvider>().GetAsync(cancellationToken);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                var counts = await DemoSeeder.SeedAsync(dataSource, count, parse.GetValue(seed), time, catalog,
                    line => Console.Error.WriteLine(line), cancellationToken);
                var seconds = watch.Elapsed.TotalSeconds;
                var rows = counts.Persons + counts.Coverages + counts.Claims + counts.ComputedResults;
                await output.WriteLineAsync($"persons {counts.Persons:N0}, coverage records {counts.Coverages:N0}, claims summaries {counts.Claims:N0}, computed results {counts.ComputedResults:N0}");
                await output.WriteLineAsync($"{rows:N0} rows in {seconds:N1} s = {rows / seconds:N0} rows/s");
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                var refreshed = await DashboardSummaries.RefreshAsync(connection, await DashboardSummaries.AllCountiesAsync(connection, cancellationToken), ChinaCalendar.Today(time), time.GetUtcNow(), cancellationToken);
                await output.WriteLineAsync($"dashboard figures: {refreshed.Figures:N0} for {refreshed.Counties} counties in {refreshed.Elapsed.TotalSeconds:N1} s");
                return CliApplication.ExitOk;
            }
            catch (InvalidOperationException ex)
            {
                throw new CommandFailedException(ex.Message);
            }
        });
        return command;
    }
}
