using System.CommandLine;
using System.Globalization;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Hosting;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

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

    /// <summary>migrate: the database predates the squashed initial migration and must be recreated.</summary>
    public const int ExitSchemaPredates = 3;

    /// <summary>The environment variable that carries the database connection string, as the web app's configuration does.</summary>
    public const string ConnectionStringVariable = "ConnectionStrings__Default";

    public static async Task<int> RunAsync(string[] args, Stream input, Stream output, TextWriter error, TimeProvider time)
    {
        // What medins prints and reads (counts, seconds, dates in its lines and files) is the same on every server: the
        // machine's locale (a German one writes 200.000 rows in 6,1 s) does not change it.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        // The web app's logging defaults, masking included; every event to standard error, answers to standard output.
        Log.Logger = LogDefaults.Apply(new LoggerConfiguration())
            .WriteTo.Console(LogDefaults.Formatter(), standardErrorFromLevel: LogEventLevel.Verbose)
            .CreateLogger();
        try
        {
            var root = new RootCommand("城乡居民医保参保长效机制 — 运维命令行");
            var text = new StreamWriter(output, new System.Text.UTF8Encoding(false)) { AutoFlush = true };
            root.Subcommands.Add(MigrateCommand(text));
            root.Subcommands.Add(CalcCommand.Create(input, output, time));
            root.Subcommands.Add(SeedCommand.Create(text, time));
            root.Subcommands.Add(UsersCommand.Create(text));
            root.Subcommands.Add(DashboardsCommand.Create(text, time));
            root.Subcommands.Add(ImportCommand.Create(text, time));
            root.Subcommands.Add(ImportCommand.CreateYearEnd(text, time));
            root.Subcommands.Add(ImportCommand.CreateRecompute(text, time));
            root.Subcommands.Add(BackupCommand.Create(error));
            root.Subcommands.Add(BackupCommand.CreateRestore(text, error));
            var parse = root.Parse(args);
            return await parse.InvokeAsync(new InvocationConfiguration { Output = text, Error = error });
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>The connection string from the environment, or null after logging why there is none.</summary>
    internal static string? ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Log.Error("{Variable} is not set", ConnectionStringVariable);
            return null;
        }

        return connectionString;
    }

    internal static ServiceProvider Services(string connectionString, TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLogging();
        services.AddMedicalInsuranceInfrastructure(connectionString);
        services.AddMedicalInsuranceIdentityCore();
        return services.BuildServiceProvider();
    }

    private static Command MigrateCommand(TextWriter output)
    {
        var command = new Command("migrate", "应用数据库结构迁移并载入参考数据（连接串取自环境变量 " + ConnectionStringVariable + "，须为数据库所有者；应用角色口令取自 MI_APP_ROLE_PASSWORD）");
        command.SetAction(async (_, cancellationToken) =>
        {
            if (ConnectionString() is not { } connectionString)
            {
                return ExitBadInput;
            }

            await using var services = Services(connectionString);
            var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
            IReadOnlyList<string> applied;
            try
            {
                applied = await DatabaseMigrator.MigrateAsync(factory, Environment.GetEnvironmentVariable("MI_APP_ROLE_PASSWORD"), cancellationToken);
            }
            catch (SchemaPredatesException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return ExitSchemaPredates;
            }

            Log.Information("Applied {Count} migrations: {Migrations}", applied.Count, applied);
            await output.WriteLineAsync($"migrations applied: {applied.Count}");
            return ExitOk;
        });
        return command;
    }
}
