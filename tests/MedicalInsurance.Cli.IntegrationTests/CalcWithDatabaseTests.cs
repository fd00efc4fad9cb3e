using System.Text.Json;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Cli.IntegrationTests;

public sealed class CalcWithDatabaseTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private const string WithoutCap = """{"province":"hebei","coverageYear":2026,"asOf":"2026-12-31","history":[{"year":2025,"paidOn":"2024-11-01"},{"year":2026,"paidOn":"2025-11-01"}]}""";

    [Fact]
    public async Task Calc_GivenTheDatabase_ReadsItsParameters_AndFillsTheOriginalCap()
    {
        await using (var db = await database.ContextFactory.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            var step = await db.PolicyParameters.SingleAsync(p => p.Province == "hebei" && p.Name == "stepAmount", TestContext.Current.CancellationToken);
            step.Value = """{"amount":2500}""";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (exitCode, output, error) = await CliProcess.RunAsync("calc", WithoutCap,
            new Dictionary<string, string?> { ["ConnectionStrings__Default"] = database.ConnectionString });
        var (shippedExit, shippedOutput, _) = await CliProcess.RunAsync("calc", WithoutCap);

        Assert.True(exitCode == 0, error + output);
        var cap = JsonDocument.Parse(output).RootElement.GetProperty("cap");
        Assert.Equal(300_000m, cap.GetProperty("original").GetDecimal());
        Assert.Equal(302_500m, cap.GetProperty("effective").GetDecimal());
        Assert.Equal(2, shippedExit);
        Assert.Equal("originalCap", JsonDocument.Parse(shippedOutput).RootElement.GetProperty("error").GetProperty("field").GetString());
    }
}
