using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Hosting;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Events;

namespace MedicalInsurance.Cli;

/// <summary>
/// The operator's command line. Standard output carries only answers; every log line goes to standard error.
/// Exit codes: 0 done, 1 failure of the environment (database unreachable…), 2 bad input.
/// </summary>
public static partial class CliApplication
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
            root.Subcommands.Add(HealthCommand(text));
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
            return await InvokeAsync(parse, text, error);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// Runs the command; whatever goes wrong is one line on standard error, <c>medins COMMAND: message</c>, never a stack
    /// trace: an operator reads it, a script greps it. Known failures keep their exit codes; anything else exits 1.
    /// </summary>
    private static async Task<int> InvokeAsync(ParseResult parse, TextWriter output, TextWriter error)
    {
        var name = string.Join(' ', CommandPath(parse.CommandResult).Prepend("medins"));
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            var messages = MaskingFormatter.Mask(string.Join(" ", parse.Errors.Select(e => e.Message.ReplaceLineEndings(" "))));
            await error.WriteLineAsync($"{name}: {messages} (see {name} --help)");
            return ExitBadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CommandFailedException ex)
        {
            await error.WriteLineAsync($"{name}: {OneLine(ex.Message)}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{name}: cancelled");
            return ExitFailure;
        }
#pragma warning disable CA1031 // The top of the command line: every failure is reported, in one line.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await error.WriteLineAsync($"{name}: {Describe(ex)}");
            return ExitFailure;
        }
    }

    private static IEnumerable<string> CommandPath(SymbolResult? result)
    {
        var names = new Stack<string>();
        for (var current = result; current is CommandResult { Parent: not null } command; current = command.Parent)
        {
            names.Push(command.Command.Name);
        }

        return names;
    }

    /// <summary>The exception's message and those of its causes ("Failed to connect to 127.0.0.1:1: Connection refused"), without repeats.</summary>
    private static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = OneLine(current.Message);
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts.Select((p, i) => i < parts.Count - 1 ? p.TrimEnd('.') : p));
    }

    /// <summary>
    /// One line, never the connection string's password (some messages quote the string they could not read), and ID
    /// numbers masked as the logs mask them (a file named after a person, a database error quoting a key).
    /// </summary>
    private static string OneLine(string message)
    {
        var text = message.ReplaceLineEndings(" ").Trim();
        if (Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } connectionString)
        {
            text = text.Replace(connectionString, ConnectionStringVariable, StringComparison.Ordinal);
        }

        return MaskingFormatter.Mask(PasswordPattern().Replace(text, "$1=***"));
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?i)(password|pwd)=[^;\\s]*")]
    private static partial System.Text.RegularExpressions.Regex PasswordPattern();

    /// <summary>The connection string from the environment; without one the command fails with bad input.</summary>
    internal static string ConnectionString()
    {
        var connectionString = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new CommandFailedException($"{ConnectionStringVariable} is not set (the database's connection string)")
            : connectionString;
    }

    /// <summary>
    /// The web app's registration of services, from the same configuration keys: here the environment
    /// (<c>ConnectionStrings__Default</c>…). Without a connection string the command fails with bad input.
    /// </summary>
    internal static ServiceProvider Services(TimeProvider? time = null)
    {
        _ = ConnectionString();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddLogging();
        services.AddMedicalInsuranceInfrastructure(configuration);
        services.AddMedicalInsuranceIdentityCore();
        return services.BuildServiceProvider();
    }

    /// <summary>The web app's health checks (the same registration), for a container's or a script's probe: exit 0 when serving (healthy or degraded).</summary>
    private static Command HealthCommand(TextWriter output)
    {
        var command = new Command("health", "检查数据库可用且结构已更新、只读备库（如配置）是否跟上（与网页 /healthz 相同的检查）；可服务时退出码为0");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = Services();
            var report = await services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync(cancellationToken);
            foreach (var (name, entry) in report.Entries)
            {
                await output.WriteLineAsync($"{name}: {entry.Status}{(entry.Description is { Length: > 0 } d ? " — " + d : "")}");
            }

            // Degraded (a replica behind or down) still serves everything from the primary: not a failed probe.
            return report.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy ? ExitFailure : ExitOk;
        });
        return command;
    }

    private static Command MigrateCommand(TextWriter output)
    {
        var command = new Command("migrate", "应用数据库结构迁移并载入参考数据（连接串取自环境变量 " + ConnectionStringVariable + "，须为数据库所有者；应用角色口令取自 MI_APP_ROLE_PASSWORD）");
        command.SetAction(async (_, cancellationToken) =>
        {
            await using var services = Services();
            var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
            IReadOnlyList<string> applied;
            try
            {
                applied = await DatabaseMigrator.MigrateAsync(factory, Environment.GetEnvironmentVariable("MI_APP_ROLE_PASSWORD"), cancellationToken);
            }
            catch (SchemaPredatesException ex)
            {
                throw new CommandFailedException(ex.Message, ExitSchemaPredates);
            }

            Log.Information("Applied {Count} migrations: {Migrations}", applied.Count, applied);
            await output.WriteLineAsync($"migrations applied: {applied.Count}");
            return ExitOk;
        });
        return command;
    }
}
