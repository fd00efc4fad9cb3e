using MedicalInsurance.Testing;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary><c>medins health</c> runs the web app's own health checks, registered once for both hosts.</summary>
public sealed class HealthCommandTests
{
    [Fact]
    public async Task Health_BeforeAndAfterMigrate_AnswersAsTheWebAppsHealthzWould()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("mi_cli");
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Default"] = connectionString };
        try
        {
            var (before, beforeOutput, _) = await CliProcess.RunAsync("health", environment: environment);
            Assert.Equal(1, before);
            Assert.Contains("database: Unhealthy", beforeOutput, StringComparison.Ordinal);

            var (migrated, _, migrateError) = await CliProcess.RunAsync("migrate", environment: environment);
            Assert.True(migrated == 0, migrateError);

            var (after, afterOutput, afterError) = await CliProcess.RunAsync("health", environment: environment);
            Assert.True(after == 0, afterError);
            Assert.Equal(["database: Healthy", "replica: Healthy — 未配置只读备库：读写都在主库。"], afterOutput.Trim().Split('\n', StringSplitOptions.TrimEntries));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task Health_WithAConnectionStringThatIsNotOne_FailsInOneLineAtStart()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("health",
            environment: new Dictionary<string, string?> { ["ConnectionStrings__Default"] = "Hots=127.0.0.1;Nonsense=1" });

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ConnectionStrings:Default is not a connection string", line, StringComparison.Ordinal);
    }
}
