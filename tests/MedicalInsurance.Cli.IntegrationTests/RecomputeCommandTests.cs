using MedicalInsurance.Testing;
using Npgsql;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary><c>medins recompute</c>: every file's results under the current engine, parameters and year, once.</summary>
public sealed class RecomputeCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Recompute_AfterAnUpgrade_RecomputesEveryFileOnce_ThenSaysTheResultsAreUpToDate()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Default"] = database.ConnectionString };
        var (seedExit, _, seedError) = await CliProcess.RunAsync("seed --demo --persons 300 --seed 2", null, environment);
        // Results as an older engine left them: the consecutive years it did not store yet.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var spoil = new NpgsqlCommand("update computed_results set consecutive_resident_years = 0", connection);
            await spoil.ExecuteNonQueryAsync(Ct);
        }

        var (firstExit, first, firstError) = await CliProcess.RunAsync("recompute", null, environment);
        var (secondExit, second, _) = await CliProcess.RunAsync("recompute", null, environment);

        Assert.True(seedExit == 0, seedError);
        Assert.True(firstExit == 0, firstError);
        Assert.Matches(@"^every file recomputed: 300 persons in [\d.]+ s \(engine \d+; year \d{4}; parameters [0-9a-f]{32}\)$", first.Trim());
        Assert.Equal(0, secondExit);
        Assert.Equal("results are up to date: nothing recomputed", second.Trim());
        await using var check = new NpgsqlConnection(database.ConnectionString);
        await check.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("select count(*) from computed_results where consecutive_resident_years > 0", check);
        Assert.True((long)(await count.ExecuteScalarAsync(Ct))! > 100);
    }
}
