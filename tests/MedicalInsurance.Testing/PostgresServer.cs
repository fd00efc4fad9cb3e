using System.Security.Cryptography;
using System.Text;
using MedicalInsurance.Infrastructure.Persistence;
using Npgsql;
using Testcontainers.PostgreSql;

namespace MedicalInsurance.Testing;

/// <summary>
/// The PostgreSQL server the tests use: the one named by <c>MI_TEST_POSTGRES</c> (set by scripts/test.sh), or
/// a Testcontainers container where Docker answers (GitHub Actions). Neither: every test that needs it fails
/// with a message saying so — it never skips. Both demand passwords (scram-sha-256): the application role
/// <c>medins_app</c> is given one here, the same way in both, before any test connects as it.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "MI_TEST_POSTGRES";

    /// <summary>The application role's password; scripts/test.sh sets it so that every test process agrees.</summary>
    public const string ApplicationPasswordVariable = "MI_TEST_APP_PASSWORD";

    /// <summary>The server's log file, when the server is the one named by <see cref="Variable"/> (scripts/test.sh sets both).</summary>
    public const string LogVariable = "MI_TEST_POSTGRES_LOG";

    /// <summary>The image of the compose file's database, in its Alpine flavour.</summary>
    public const string Image = "postgres:15.18-alpine";

    private static readonly Lazy<Task<Server>> Started = new(StartAsync);
    private static PostgreSqlContainer? _container;

    private sealed record Server(string AdminConnectionString, string ApplicationRolePassword);

    /// <summary>A connection string with rights to create databases.</summary>
    public static async Task<string> GetAdminConnectionStringAsync() => (await Started.Value).AdminConnectionString;

    /// <summary>The password of <see cref="DatabaseMigrator.ApplicationRole"/>, set on the server before any database is made.</summary>
    public static async Task<string> GetApplicationRolePasswordAsync() => (await Started.Value).ApplicationRolePassword;

    private static async Task<Server> StartAsync()
    {
        var admin = await StartServerAsync();
        var password = ApplicationRolePasswordFor(admin);
        await EnsureApplicationRoleAsync(admin, password);
        return new Server(admin, password);
    }

    /// <summary>
    /// The application role's password on the server of <paramref name="adminConnectionString"/>: <c>MI_TEST_APP_PASSWORD</c>,
    /// or without it one derived from the administrative connection (its password included), so that every process that
    /// shares a server derives the same — roles belong to the whole server.
    /// </summary>
    public static string ApplicationRolePasswordFor(string adminConnectionString) =>
        Environment.GetEnvironmentVariable(ApplicationPasswordVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(adminConnectionString + "|" + DatabaseMigrator.ApplicationRole)))[..48];

    private static async Task<string> StartServerAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment;
        }

        try
        {
            // Errors logged tersely, as compose and scripts/lib/common.sh start their servers: no DETAIL line quoting a key.
            _container = new PostgreSqlBuilder(Image).WithPassword(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)))
                .WithCommand("-c", "log_error_verbosity=terse").Build();
            await _container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return _container.GetConnectionString();
        }
        catch (Exception ex) when (ex.GetType().Name.Contains("Docker", StringComparison.Ordinal) || ex is TimeoutException)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests: {Variable} is not set and Docker does not answer ({ex.Message}). " +
                "Run the tests with scripts/test.sh, which starts a throwaway cluster.", ex);
        }
    }

    /// <summary>
    /// Creates the application role with its password, or sets the password. Test processes run side by side on one
    /// server: an advisory lock keeps them from altering the role at the same moment ("tuple concurrently updated").
    /// </summary>
    public static async Task EnsureApplicationRoleAsync(string admin, string password)
    {
        const string role = DatabaseMigrator.ApplicationRole;
        var literal = password.Replace("'", "''", StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            select pg_advisory_lock(4711017);
            do $$ begin
              create role {role} login password '{literal}';
            exception when duplicate_object or unique_violation then
              alter role {role} login password '{literal}';
            end $$;
            select pg_advisory_unlock(4711017);
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Everything the server has logged so far: the container's output under Testcontainers, else the file named by
    /// <see cref="LogVariable"/>. Neither: it throws, saying so — a test of the log must not pass without reading it.
    /// </summary>
    public static async Task<string> ReadServerLogAsync()
    {
        await Started.Value;
        if (_container is not null)
        {
            var (stdout, stderr) = await _container.GetLogsAsync();
            return stdout + stderr;
        }

        if (Environment.GetEnvironmentVariable(LogVariable) is not { Length: > 0 } path)
        {
            throw new InvalidOperationException($"PostgreSQL's log cannot be read: {LogVariable} is not set (scripts/test.sh sets it to the test cluster's server.log).");
        }

        // The server keeps the file open for writing.
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix) => await CreateDatabaseAsync(prefix, await GetAdminConnectionStringAsync());

    /// <summary>Creates an empty database with a unique name on the server of <paramref name="admin"/>; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix, string admin)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString) => await DropDatabaseAsync(connectionString, await GetAdminConnectionStringAsync());

    /// <summary>Drops the database of <paramref name="connectionString"/> from the server of <paramref name="admin"/>.</summary>
    public static async Task DropDatabaseAsync(string connectionString, string admin)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
