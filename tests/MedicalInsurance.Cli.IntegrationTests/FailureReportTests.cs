using System.Text;
using MedicalInsurance.Testing;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary>
/// Every failure of the command line is one line on standard error, <c>medins COMMAND: message</c>, with a non-zero exit
/// code and nothing on standard output — never a stack trace.
/// </summary>
public sealed class FailureReportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Nothing listens on port 1; the password must not be repeated back.</summary>
    private static readonly Dictionary<string, string?> Unreachable = new()
    {
        ["ConnectionStrings__Default"] = "Host=127.0.0.1;Port=1;Database=medins;Username=medins_app;Password=not-to-be-seen;Timeout=3",
    };

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static TheoryData<string> DatabaseCommands() => new() { "migrate", "recompute", "yearend --year 2026", "dashboards refresh", "users demo", "seed --demo --persons 10" };

    [Theory]
    [MemberData(nameof(DatabaseCommands))]
    public async Task Command_WithTheDatabaseUnreachable_FailsInOneLine_WithoutAStackTrace(string command)
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(command, environment: Unreachable);

        var line = Assert.Single(Lines(error));
        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith($"medins {command.Split(' ')[0]}", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-seen", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OfAMissingFile_FailsInOneLine_AsBadInput()
    {
        var missing = TestFiles.NewPath(".csv");

        var (exitCode, output, error) = await CliProcess.RunAsync($"import payments \"{missing}\"", environment: Unreachable);

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Equal($"medins import payments: no such file: {missing}", Assert.Single(Lines(error)));
    }

    [Fact]
    public async Task Import_OfAFileThatIsNoTable_FailsInOneLine_AsBadInput()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, "编号,名称\r\n1,x\r\n", new UTF8Encoding(false), Ct);

        var (exitCode, output, error) = await CliProcess.RunAsync($"import claims \"{path}\"", environment: new Dictionary<string, string?> { ["ConnectionStrings__Default"] = database.ConnectionString });

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("medins import claims: 不是结算汇总表：缺少列 身份证号", Assert.Single(Lines(error)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("yearend --year abc", "medins yearend: ")]
    [InlineData("import payments", "medins import payments: ")]
    [InlineData("users add --role Clerk", "medins users add: ")]
    [InlineData("no-such-command", "medins: ")]
    [InlineData("", "medins: ")]
    public async Task Command_WithABadArgument_FailsInOneLine_AsBadInput_PointingToItsHelp(string arguments, string prefix)
    {
        var (exitCode, output, error) = await CliProcess.RunAsync(arguments, environment: Unreachable);

        var line = Assert.Single(Lines(error));
        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith(prefix, line, StringComparison.Ordinal);
        Assert.EndsWith("--help)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_WithoutDemo_FailsInOneReadableLine()
    {
        var (exitCode, _, error) = await CliProcess.RunAsync("seed", environment: Unreachable);

        Assert.Equal(2, exitCode);
        Assert.Equal("medins seed: seed writes synthetic data only: say --demo", Assert.Single(Lines(error)));
    }
}
