using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace MedicalInsurance.Cli;

/// <summary>
/// <c>backup FILE [--force]</c> and <c>restore FILE --database NAME</c>, over PostgreSQL's own pg_dump and pg_restore
/// (custom format). What they did goes to standard error; a failure is one line there, never a stack trace. The password
/// reaches the child process in its <c>PGPASSWORD</c> variable only: never on a command line, never in a message.
/// </summary>
internal static partial class BackupCommand
{
    private const string Partial = ".partial";

    public static Command Create(TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "备份文件（pg_dump 自定义格式）" };
        var force = new Option<bool>("--force") { Description = "覆盖已有的备份文件" };
        var command = new Command("backup", "备份数据库（pg_dump 自定义格式；连接串取自环境变量 " + CliApplication.ConnectionStringVariable + "）") { file, force };
        command.SetAction((parse, cancellationToken) =>
            Guarded("backup", error, () => BackupAsync(parse.GetValue(file)!, parse.GetValue(force), error, cancellationToken)));
        return command;
    }

    public static Command CreateRestore(TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "medins backup 写出的备份文件" };
        var database = new Option<string>("--database") { Description = "新建并恢复到的数据库（不得已存在）", Required = true };
        var command = new Command("restore", "把备份恢复到一个新建的空数据库（从不覆盖现有数据库；之后对它运行 medins migrate 以授予应用角色权限）") { file, database };
        command.SetAction((parse, cancellationToken) =>
            Guarded("restore", error, () => RestoreAsync(parse.GetValue(file)!, parse.GetValue(database)!, output, error, cancellationToken)));
        return command;
    }

    private static async Task<int> BackupAsync(FileInfo file, bool force, TextWriter error, CancellationToken cancellationToken)
    {
        if (Connection(error, "backup") is not { } connection)
        {
            return CliApplication.ExitBadInput;
        }

        if (file.Exists && !force)
        {
            return await FailAsync(error, "backup", $"{file.FullName} exists; pass --force to replace it", CliApplication.ExitBadInput);
        }

        if (file.Directory is { Exists: false } directory)
        {
            return await FailAsync(error, "backup", $"no such directory: {directory.FullName}", CliApplication.ExitBadInput);
        }

        if (Tool("pg_dump") is not { } pgDump)
        {
            return await FailAsync(error, "backup", Missing("pg_dump"), CliApplication.ExitFailure);
        }

        // pg_dump writes beside the file and the name is given only to a finished, flushed dump: a killed backup leaves
        // FILE.partial (removed by the next run), never a FILE that looks complete.
        var partial = file.FullName + Partial;
        File.Delete(partial);
        CreatePrivate(partial);
        var started = Stopwatch.StartNew();
        int exitCode;
        string message;
        try
        {
            (exitCode, message) = await RunAsync(pgDump, connection, ["--format=custom", "--file=" + partial, "--dbname=" + connection.Database], cancellationToken);
        }
        catch (OperationCanceledException)
        {
            File.Delete(partial);
            throw;
        }

        if (exitCode != 0)
        {
            File.Delete(partial);
            return await FailAsync(error, "backup", $"pg_dump exited with {exitCode}: {message}", CliApplication.ExitFailure);
        }

        await using (var written = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite))
        {
            written.Flush(flushToDisk: true);
        }

        File.Move(partial, file.FullName, overwrite: force);
        var size = new FileInfo(file.FullName).Length;
        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"backup: database {connection.Database} on {Server(connection)} written to {file.FullName} ({Size(size)}) in {started.Elapsed.TotalSeconds:N1} s ({pgDump})"));
        return CliApplication.ExitOk;
    }

    private static async Task<int> RestoreAsync(FileInfo file, string database, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!DatabaseName().IsMatch(database))
        {
            return await FailAsync(error, "restore", $"--database {database}: use lower-case letters, digits and _ (at most 63, not starting with a digit)", CliApplication.ExitBadInput);
        }

        if (!file.Exists)
        {
            return await FailAsync(error, "restore", $"no such file: {file.FullName}", CliApplication.ExitBadInput);
        }

        if (Connection(error, "restore") is not { } connection)
        {
            return CliApplication.ExitBadInput;
        }

        if (Tool("pg_restore") is not { } pgRestore)
        {
            return await FailAsync(error, "restore", Missing("pg_restore"), CliApplication.ExitFailure);
        }

        // CREATE DATABASE is the existence check: it refuses a name in use, atomically. template0, as pg_dump's
        // documentation asks, so nothing added to template1 collides with the restored objects.
        await using (var server = await OpenServerAsync(connection, cancellationToken))
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" TEMPLATE template0", server);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                return await FailAsync(error, "restore", $"database {database} exists on {Server(connection)}; a restore never replaces a database: name a new one", CliApplication.ExitBadInput);
            }
        }

        // --no-acl: the dump's grants name medins_app, a role a new server does not have (and --exit-on-error would stop
        // there). The grants are DatabaseMigrator's to make: `medins migrate` against the restored database re-applies them.
        var started = Stopwatch.StartNew();
        int exitCode;
        string message;
        try
        {
            (exitCode, message) = await RunAsync(pgRestore, connection,
                ["--no-owner", "--no-acl", "--exit-on-error", "--dbname=" + database, file.FullName], cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await DropAsync(connection, database);
            throw;
        }

        if (exitCode != 0)
        {
            await DropAsync(connection, database);
            return await FailAsync(error, "restore", $"pg_restore exited with {exitCode}: {message} (database {database} dropped again)", CliApplication.ExitFailure);
        }

        var restored = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = database, Pooling = false };
        await using (var db = new NpgsqlConnection(restored.ConnectionString))
        {
            await db.OpenAsync(cancellationToken);
            await using var count = new NpgsqlCommand(
                "select (select count(*) from persons), (select count(*) from coverages), (select count(*) from registrations), (select count(*) from audit_entries)", db);
            await using var reader = await count.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"restored into {database}: {reader.GetInt64(0)} persons, {reader.GetInt64(1)} coverages, {reader.GetInt64(2)} registrations, {reader.GetInt64(3)} audit_entries"));
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"restore: {file.FullName} ({Size(file.Length)}) into database {database} on {Server(connection)} in {started.Elapsed.TotalSeconds:N1} s ({pgRestore})"));
        await error.WriteLineAsync($"restore: the application role {Infrastructure.Persistence.DatabaseMigrator.ApplicationRole} has no grants on {database} yet: " +
            $"run `medins migrate` with {CliApplication.ConnectionStringVariable} naming database {database} (and MI_APP_ROLE_PASSWORD on a new server) before the app uses it");
        return CliApplication.ExitOk;
    }

    /// <summary>
    /// The dump holds every resident's ID number and phone: created readable by its owner only, before pg_dump opens it
    /// (pg_dump truncates an existing file and keeps its mode).
    /// </summary>
    private static void CreatePrivate(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var created = new FileStream(path, options);
    }

    /// <summary>Failures of the environment (server unreachable, refused password, disk full) become one line and exit 1.</summary>
    private static async Task<int> Guarded(string verb, TextWriter error, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or UnauthorizedAccessException or Win32Exception)
        {
            return await FailAsync(error, verb, ex.Message.ReplaceLineEndings(" "), CliApplication.ExitFailure);
        }
    }

    private static async Task<int> FailAsync(TextWriter error, string verb, string message, int exitCode)
    {
        await error.WriteLineAsync($"medins {verb}: {message}");
        return exitCode;
    }

    private static NpgsqlConnectionStringBuilder? Connection(TextWriter error, string verb)
    {
        var connectionString = Environment.GetEnvironmentVariable(CliApplication.ConnectionStringVariable);
        NpgsqlConnectionStringBuilder? builder = null;
        try
        {
            builder = string.IsNullOrWhiteSpace(connectionString) ? null : new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Reported below; the message would quote the connection string, password and all.
        }

        if (builder is not { Database.Length: > 0 })
        {
            error.WriteLine($"medins {verb}: {CliApplication.ConnectionStringVariable} is not set, not a connection string, or names no database");
            return null;
        }

        return builder;
    }

    /// <summary>The database named by the connection string, or the maintenance database when that one is gone (the disaster a restore is for).</summary>
    private static async Task<NpgsqlConnection> OpenServerAsync(NpgsqlConnectionStringBuilder connection, CancellationToken cancellationToken)
    {
        var live = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Pooling = false }.ConnectionString);
        try
        {
            await live.OpenAsync(cancellationToken);
            return live;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await live.DisposeAsync();
        }

        var maintenance = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await maintenance.OpenAsync(cancellationToken);
        return maintenance;
    }

    private static async Task DropAsync(NpgsqlConnectionStringBuilder connection, string database)
    {
        await using var server = await OpenServerAsync(connection, CancellationToken.None);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>
    /// Runs a PostgreSQL client program against the server of <paramref name="connection"/>; returns its exit code and the
    /// line of its standard error that says what went wrong.
    /// </summary>
    private static async Task<(int ExitCode, string Message)> RunAsync(string program, NpgsqlConnectionStringBuilder connection, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!string.IsNullOrEmpty(connection.Host))
        {
            start.ArgumentList.Add("--host=" + connection.Host);
        }

        start.ArgumentList.Add("--port=" + connection.Port.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(connection.Username))
        {
            start.ArgumentList.Add("--username=" + connection.Username);
        }

        // Never prompt: with no password to give, fail and say so rather than wait on a terminal.
        start.ArgumentList.Add("--no-password");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            start.Environment["PGPASSWORD"] = connection.Password;
        }

        if (!string.IsNullOrEmpty(connection.Passfile))
        {
            start.Environment["PGPASSFILE"] = connection.Passfile;
        }

        start.Environment["PGSSLMODE"] = connection.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };
        start.Environment["PGCONNECT_TIMEOUT"] = Math.Max(connection.Timeout, 2).ToString(CultureInfo.InvariantCulture);
        start.Environment["PGAPPNAME"] = "medins " + Path.GetFileName(program);

        using var process = Process.Start(start) ?? throw new Win32Exception($"could not start {program}");
        var standardOutput = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }

        await standardOutput;
        var lines = (await standardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var message = lines.FirstOrDefault(l => l.Contains("error:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "no message";
        return (process.ExitCode, message);
    }

    /// <summary>A PostgreSQL client program: from the PATH, else the highest version under /usr/lib/postgresql (Debian, Ubuntu).</summary>
    private static string? Tool(string name)
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return onPath;
        }

        const string versions = "/usr/lib/postgresql";
        if (!Directory.Exists(versions))
        {
            return null;
        }

        return Directory.GetDirectories(versions)
            .Select(directory => (Version: MajorMinor(Path.GetFileName(directory)), Path: Path.Combine(directory, "bin", name)))
            .Where(candidate => candidate.Version is not null && File.Exists(candidate.Path))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Path)
            .FirstOrDefault();
    }

    /// <summary>"15" or "9.6" as a version that sorts (15 after 9.6); null for anything else.</summary>
    private static Version? MajorMinor(string directory) =>
        Version.TryParse(directory.Contains('.', StringComparison.Ordinal) ? directory : directory + ".0", out var version) ? version : null;

    private static string Missing(string name) =>
        $"{name} not found on the PATH nor in /usr/lib/postgresql/*/bin: install the PostgreSQL client programs (Debian: postgresql-client), the server's version or newer";

    private static string Server(NpgsqlConnectionStringBuilder connection) =>
        string.Create(CultureInfo.InvariantCulture, $"{connection.Host ?? "localhost"}:{connection.Port}");

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024d / 1024d:N1} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024d:N1} KiB");

    /// <summary>A name that needs no quoting, as an operator would type it in psql.</summary>
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex DatabaseName();
}
