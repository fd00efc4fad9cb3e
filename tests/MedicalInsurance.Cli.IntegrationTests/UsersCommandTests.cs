using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Cli.IntegrationTests;

public sealed class UsersCommandTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private Dictionary<string, string?> Environment => new() { ["ConnectionStrings__Default"] = database.ConnectionString };

    [Fact]
    public async Task UsersAdd_TheFirstAdministrator_GetsAGeneratedPassword_PrintedOnce()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("users add --role Administrator --name first.admin --display 管理员", environment: Environment);
        var (againExit, againOutput, againError) = await CliProcess.RunAsync("users add --role Administrator --name first.admin", environment: Environment);

        Assert.True(exitCode == 0, error);
        var parts = output.Trim().Split(' ');
        Assert.Equal("first.admin", parts[0]);
        Assert.Matches("^(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])(?=.*[^A-Za-z0-9]).{16}$", parts[1]);
        Assert.Equal(2, againExit);
        Assert.Equal("", againOutput);
        Assert.Contains("用户名已存在", againError, StringComparison.Ordinal);
        await using var db = await database.ContextFactory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        var entries = await db.AuditEntries.Where(a => a.Action == "user").Select(a => a.Details!).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Single(entries, d => d.Contains("first.admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UsersAdd_AClerkWithoutACounty_IsRefused()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("users add --role Clerk --name clerk.nowhere --scope 130100", environment: Environment);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("县级", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDemo_PrintsOneUserPerRole_WithFreshPasswordsEachTime()
    {
        var (first, firstOut, firstError) = await CliProcess.RunAsync("users demo", environment: Environment);
        var (second, secondOut, _) = await CliProcess.RunAsync("users demo", environment: Environment);

        Assert.True(first == 0 && second == 0, firstError);
        Assert.Equal(5, firstOut.Trim().Split('\n').Length);
        Assert.Contains("clerk.changan", firstOut, StringComparison.Ordinal);
        Assert.NotEqual(firstOut, secondOut);
    }
}
