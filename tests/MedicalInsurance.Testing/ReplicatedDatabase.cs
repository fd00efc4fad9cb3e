using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Testing;

/// <summary>
/// A migrated database, one per test class, made on the primary of a streaming pair (<see cref="ReplicaPair.Shared"/>
/// unless a subclass makes its own), with the same database on the replica: as the owner and as the application role,
/// whose password is set on the primary and reaches the replica with the WAL.
/// </summary>
public class ReplicatedDatabase : MigratedDatabase
{
    private string? _applicationRolePassword;

    public ReplicaPair Pair { get; private set; } = null!;

    /// <summary>This database on the replica, as the owner.</summary>
    public string ReplicaConnectionString { get; private set; } = "";

    /// <summary>This database on the replica, as <see cref="DatabaseMigrator.ApplicationRole"/> with its password: how the app reads there.</summary>
    public string ReplicaApplicationConnectionString { get; private set; } = "";

    /// <summary>Contexts on the replica, as the owner.</summary>
    public IDbContextFactory<MedicalInsuranceDbContext> ReplicaContextFactory { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        Pair = await StartPairAsync();
        await base.InitializeAsync();
        var database = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        ReplicaConnectionString = new NpgsqlConnectionStringBuilder(Pair.ReplicaConnectionString) { Database = database, Pooling = true }.ConnectionString;
        ReplicaApplicationConnectionString = DatabaseMigrator.ApplicationConnectionString(ReplicaConnectionString, await GetApplicationRolePasswordAsync());
        ReplicaContextFactory = new Factory(ReplicaConnectionString);
    }

    /// <summary>The pair to make the database on.</summary>
    protected virtual Task<ReplicaPair> StartPairAsync() => Task.FromResult(ReplicaPair.Shared);

    protected override Task<string> GetAdminConnectionStringAsync() => Task.FromResult(Pair.PrimaryConnectionString);

    protected override async Task<string> GetApplicationRolePasswordAsync()
    {
        if (_applicationRolePassword is null)
        {
            var password = PostgresServer.ApplicationRolePasswordFor(Pair.PrimaryConnectionString);
            await PostgresServer.EnsureApplicationRoleAsync(Pair.PrimaryConnectionString, password);
            _applicationRolePassword = password;
        }

        return _applicationRolePassword;
    }
}
