using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class SchemaTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Model_HasNoChangesWithoutAMigration()
    {
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);

        Assert.False(db.Database.HasPendingModelChanges(), "the model changed without a migration: dotnet ef migrations add …");
    }

    [Fact]
    public async Task Migrate_RunTwice_ChangesNothingTheSecondTime()
    {
        var applied = await DatabaseMigrator.MigrateAsync(database.ContextFactory, cancellationToken: Ct);

        Assert.Empty(applied);
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        Assert.Equal(Parameters.PolicyDocument.ShippedRows().Count, await db.PolicyParameters.CountAsync(Ct));
    }

    [Fact]
    public async Task ApplicationRole_MayInsertAndSelectAudit_ButNeverUpdateOrDelete()
    {
        await using (var db = await database.ContextFactory.CreateDbContextAsync(Ct))
        {
            AuditLog.Add(db, new Actor("owner", null), "view", null);
            await db.SaveChangesAsync(Ct);
        }

        await using var connection = new NpgsqlConnection(database.ApplicationConnectionString);
        await connection.OpenAsync(Ct);
        Assert.Equal("medins_app", await Scalar<string>(connection, "select current_user"));

        await Execute(connection, "insert into audit_entries (user_name, action) values ('app', 'view')");
        Assert.True(await Scalar<long>(connection, "select count(*) from audit_entries") >= 2);
        var update = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "update audit_entries set action = 'x'"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "delete from audit_entries"));
        var truncate = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "truncate audit_entries"));

        Assert.All([update, delete, truncate], e => Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState));
        // The same role may change the file itself.
        await Execute(connection, "update persons set phone = phone where false");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(Ct))!;
    }
}
