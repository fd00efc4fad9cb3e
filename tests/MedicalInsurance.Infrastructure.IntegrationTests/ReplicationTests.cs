using System.Globalization;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// PostgreSQL's physical streaming replication as the app will use it: what is made and written on the primary is on the
/// replica once it has replayed the primary's WAL position (by LSN), and the replica takes no writes. The pair is the test
/// command's (scripts/test.sh), in every mode.
/// </summary>
public sealed class ReplicationTests(ReplicatedDatabase database) : IClassFixture<ReplicatedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADatabaseMigratedOnThePrimary_IsOnTheReplica_WithEveryMigrationAndTheReferenceData()
    {
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);

        var onPrimary = await SchemaAsync(database.ContextFactory);
        var onReplica = await SchemaAsync(database.ReplicaContextFactory);

        Assert.NotEmpty(onPrimary.Migrations);
        Assert.True(onPrimary.Regions > 3000 && onPrimary.Parameters > 0 && onPrimary.ApplicationRoleMayRead, onPrimary.ToString());
        Assert.Equal(onPrimary, onReplica);
    }

    [Fact]
    public async Task AWriteOnThePrimary_IsOnTheReplica_OnceItHasReplayedThePrimarysLsn()
    {
        var id = await new Files(database.ContextFactory).AddPersonAsync(residentYears: [2025, 2026]);

        var lag = await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replica replayed the write {lag.TotalMilliseconds:0.0} ms after its commit had returned"));

        await using var replica = await database.ReplicaContextFactory.CreateDbContextAsync(Ct);
        var years = await replica.Coverages.Where(c => c.PersonId == id).OrderBy(c => c.Year).Select(c => c.Year).ToListAsync(Ct);
        Assert.Equal([2025, 2026], years);
    }

    [Fact]
    public async Task TheReplica_RefusesAWrite_AsAReadOnlyTransaction_ToTheAppsRoleToo()
    {
        await database.Pair.WaitForReplayAsync(cancellationToken: Ct);
        var builder = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
        builder.UseMedicalInsuranceDatabase(database.ReplicaApplicationConnectionString);
        await using var replica = new MedicalInsuranceDbContext(builder.Options);
        var id = IdNumber.Parse(Files.NewIdNumber());
        replica.Persons.Add(new Person { IdNumber = id.Value, Name = "测试人", BirthDate = id.BirthDate, Sex = id.Sex, HouseholdCounty = "130102" });

        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => replica.SaveChangesAsync(Ct));

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
        Assert.True(await InRecoveryAsync(database.ReplicaApplicationConnectionString));
        Assert.False(await InRecoveryAsync(database.ApplicationConnectionString));
    }

    private sealed record Schema(string Migrations, int Regions, int Parameters, bool ApplicationRoleMayRead);

    private static async Task<Schema> SchemaAsync(IDbContextFactory<MedicalInsuranceDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync(Ct);
        var migrations = string.Join(",", await db.Database.GetAppliedMigrationsAsync(Ct));
        var mayRead = await db.Database.SqlQuery<bool>($"select has_table_privilege({DatabaseMigrator.ApplicationRole}, 'persons', 'select') as \"Value\"").SingleAsync(Ct);
        return new Schema(migrations, await db.Regions.CountAsync(Ct), await db.PolicyParameters.CountAsync(Ct), mayRead);
    }

    private static async Task<bool> InRecoveryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }
}
