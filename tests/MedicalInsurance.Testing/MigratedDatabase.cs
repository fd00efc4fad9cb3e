using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit;

namespace MedicalInsurance.Testing;

/// <summary>
/// A fresh database with every migration applied, one per test class; dropped afterwards. On the test server unless a
/// subclass names another (<see cref="ReplicatedDatabase"/>: the primary of a streaming pair).
/// </summary>
public class MigratedDatabase : IAsyncLifetime
{
    /// <summary>As the owner, who migrates.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The same database as <see cref="DatabaseMigrator.ApplicationRole"/>, the role the web app runs as, with its password.</summary>
    public string ApplicationConnectionString { get; private set; } = "";

    public IDbContextFactory<MedicalInsuranceDbContext> ContextFactory { get; private set; } = null!;

    /// <summary>A data source over <see cref="ConnectionString"/>, as the hosts register one; disposed with the database.</summary>
    public NpgsqlDataSource DataSource => _dataSource ??= DatabaseSetup.CreateDataSource(ConnectionString);

    private NpgsqlDataSource? _dataSource;

    public virtual async ValueTask InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("mi_test", await GetAdminConnectionStringAsync());
        ContextFactory = new Factory(ConnectionString);
        await DatabaseMigrator.MigrateAsync(ContextFactory);
        ApplicationConnectionString = DatabaseMigrator.ApplicationConnectionString(ConnectionString, await GetApplicationRolePasswordAsync());
    }

    /// <summary>A connection string with rights to create databases on the server this database is made on.</summary>
    protected virtual Task<string> GetAdminConnectionStringAsync() => PostgresServer.GetAdminConnectionStringAsync();

    /// <summary>The password of <see cref="DatabaseMigrator.ApplicationRole"/> on that server, set there before it is returned.</summary>
    protected virtual Task<string> GetApplicationRolePasswordAsync() => PostgresServer.GetApplicationRolePasswordAsync();

    /// <summary>
    /// What an outage looks like to the app: the database refuses new connections (<c>ALLOW_CONNECTIONS false</c>, which
    /// binds every role) and every open session in it is terminated, until <see cref="AcceptConnectionsAsync"/>.
    /// </summary>
    public async Task RefuseConnectionsAsync()
    {
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database!;
        await AdministerAsync($"alter database \"{name}\" allow_connections false",
            $"select count(pg_terminate_backend(pid)) from pg_stat_activity where datname = '{name}' and pid <> pg_backend_pid()");
    }

    public Task AcceptConnectionsAsync() =>
        AdministerAsync($"alter database \"{new NpgsqlConnectionStringBuilder(ConnectionString).Database}\" allow_connections true");

    /// <summary>Runs statements from the server's administrative connection (another database: this one may be closed).</summary>
    private static async Task AdministerAsync(params string[] statements)
    {
        // Unpooled: the administrative connection is opened for these statements alone.
        var admin = new NpgsqlConnectionStringBuilder(await PostgresServer.GetAdminConnectionStringAsync()) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await DropAsync();
    }

    /// <summary>Drops the database from its server.</summary>
    protected virtual async Task DropAsync()
    {
        if (ConnectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString, await GetAdminConnectionStringAsync());
        }
    }

    /// <summary>Contexts on one connection string, configured as the app configures them.</summary>
    protected sealed class Factory(string connectionString) : IDbContextFactory<MedicalInsuranceDbContext>
    {
        public MedicalInsuranceDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
            builder.UseMedicalInsuranceDatabase(connectionString);
            return new MedicalInsuranceDbContext(builder.Options);
        }
    }
}
