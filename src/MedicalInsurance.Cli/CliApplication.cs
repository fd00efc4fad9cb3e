using System.CommandLine;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace MedicalInsurance.Cli;

/// <summary>
/// The operator's command line. Standard output carries only answers; every log line goes to standard error.
/// Exit codes: 0 done, 1 failure of the environment (database unreachable…), 2 bad input.
/// </summary>
public static class CliApplication
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitBadInput = 2;

    /// <summary>The environment variable that carries the database connection string, as the web app's configuration does.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Default";

    public static async Task<int> RunAsync(string[] args, Stream input, Stream output, TextWriter error, TimeProvider time)
    {
        Log.Logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
        try
        {
            var root = new RootCommand("城乡居民医保参保长效机制 — 运维命令行");
            var text = new StreamWriter(output, new System.Text.UTF8Encoding(false)) { AutoFlush = true };
            root.Subcommands.Add(MigrateCommand(text));
            root.Subcommands.Add(CalcCommand.Create(input, output, time));
            var parse = root.Parse(args);
            return await parse.InvokeAsync(new InvocationConfiguration { Output = text, Error = error });
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static Command MigrateCommand(TextWriter output)
    {
        var command = new Command("migrate", "应用数据库结构迁移（连接串取自环境变量 " + ConnectionStringVariable + "）");
        command.SetAction(async (_, cancellationToken) =>
        {
            var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                Log.Error("{Variable} is not set", ConnectionStringVariable);
                return ExitBadInput;
            }

            await using var services = new ServiceCollection()
                .AddMedicalInsuranceInfrastructure(connectionString)
                .BuildServiceProvider();
            var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
            var applied = await DatabaseMigrator.MigrateAsync(factory, cancellationToken);
            Log.Information("Applied {Count} migrations: {Migrations}", applied.Count, applied);
            await output.WriteLineAsync($"migrations applied: {applied.Count}");
            return ExitOk;
        });
        return command;
    }
}
