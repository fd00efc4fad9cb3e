using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Testing;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// The test server demands passwords as production does — the local cluster of scripts/test.sh as much as Testcontainers'
/// image on GitHub — so a test that connects without one fails here first, not on the first CI run.
/// </summary>
public sealed class DatabaseAuthenticationTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplicationRole_WithItsPassword_ConnectsAsItself()
    {
        await using var connection = new NpgsqlConnection(database.ApplicationConnectionString);
        await connection.OpenAsync(Ct);

        await using var command = new NpgsqlCommand("select current_user", connection);
        Assert.Equal(DatabaseMigrator.ApplicationRole, await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task ApplicationRole_WithoutPassword_IsRefused()
    {
        // An empty password file, so that no ~/.pgpass answers for the role: only the server's rules decide.
        var passfile = TestFiles.NewPath(".pgpass");
        await File.WriteAllTextAsync(passfile, "", Ct);
        var builder = new NpgsqlConnectionStringBuilder(database.ApplicationConnectionString) { Password = null, Passfile = passfile };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var refused = await Assert.ThrowsAnyAsync<NpgsqlException>(() => connection.OpenAsync(Ct));

        Assert.True(refused is PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } || refused.Message.Contains("password", StringComparison.OrdinalIgnoreCase), refused.Message);
    }

    [Fact]
    public async Task ApplicationRole_WithAWrongPassword_IsRefused()
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ApplicationConnectionString) { Password = "not-the-password" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Ct));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    [Fact]
    public async Task ApplicationRole_PasswordIsStoredAsScram()
    {
        await using var connection = new NpgsqlConnection(await PostgresServer.GetAdminConnectionStringAsync());
        await connection.OpenAsync(Ct);

        await using var command = new NpgsqlCommand("select rolpassword from pg_authid where rolname = @role", connection);
        command.Parameters.AddWithValue("role", DatabaseMigrator.ApplicationRole);
        Assert.StartsWith("SCRAM-SHA-256$", (string)(await command.ExecuteScalarAsync(Ct))!, StringComparison.Ordinal);
    }
}
