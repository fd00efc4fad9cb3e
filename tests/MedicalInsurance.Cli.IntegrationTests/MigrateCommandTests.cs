using MedicalInsurance.Testing;
using Npgsql;

namespace MedicalInsurance.Cli.IntegrationTests;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_OnEmptyDatabase_CreatesTheSchema()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("mi_cli");
        try
        {
            var (exitCode, output, error) = await CliProcess.RunAsync("migrate",
                environment: new Dictionary<string, string?> { ["ConnectionStrings__Default"] = connectionString });

            Assert.True(exitCode == 0, error);
            Assert.Matches(@"^migrations applied: [1-9]\d*$", output.Trim());
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand("select count(*) from information_schema.tables where table_name = 'regions'", connection);
            Assert.Equal(1L, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Migrate_WithoutConnectionString_ExitsWithBadInputAndWritesNothingToStandardOutput()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("migrate");

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("ConnectionStrings__Default", error, StringComparison.Ordinal);
    }
}
