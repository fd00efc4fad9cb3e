using System.Text.Json;
using MedicalInsurance.Domain.UnitTests;

namespace MedicalInsurance.Cli.IntegrationTests;

public sealed class CalcCommandTests
{
    private const string Good = """{"province":"hebei","coverageYear":2026,"originalCap":300000,"asOf":"2026-12-31","history":[{"year":2025,"paidOn":"2024-11-01"},{"year":2026,"paidOn":"2025-11-01"}]}""";

    [Fact]
    public async Task CalcLines_EveryWorkedExample_ThroughTheBuiltDll_GivesTheExpectedAnswer()
    {
        var examples = WorkedExample.All;
        var input = string.Join("\n", examples.Select(e => e.RequestJson)) + "\n";

        var (exitCode, output, error) = await CliProcess.RunAsync("calc --lines", input);

        Assert.True(exitCode == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(examples.Count, lines.Length);
        var failures = examples.Zip(lines)
            .Select(pair => (pair.First, Differences: pair.First.Differences(JsonDocument.Parse(pair.Second).RootElement)))
            .Where(x => x.Differences.Count > 0)
            .Select(x => $"{x.First.Name}: {string.Join("; ", x.Differences)}")
            .ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task CalcLines_ABadLine_GetsAnErrorLine_AndTheNextIsStillAnswered()
    {
        var (exitCode, output, _) = await CliProcess.RunAsync("calc --lines", "{not json\n" + Good + "\n[1]\n");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal("", lines[0].GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(302_000m, lines[1].GetProperty("cap").GetProperty("effective").GetDecimal());
        Assert.Equal("", lines[2].GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Calc_OneGoodRequest_AnswersWithEveryFieldAndExitsZero()
    {
        var (exitCode, output, error) = await CliProcess.RunAsync("calc", Good);

        Assert.True(exitCode == 0, error);
        var response = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["coverageYear", "cap", "waitingPeriod", "parameters", "notes"], response.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            ["required", "reason", "breakYears", "fixedMonths", "variableMonths", "repairedMonths", "totalMonths", "firstDay", "lastDay", "benefitsFrom", "carriedOverFrom", "repairOptions", "citation"],
            response.GetProperty("waitingPeriod").EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, response.GetProperty("waitingPeriod").GetProperty("firstDay").ValueKind);
        Assert.Equal(["original", "continuousSteps", "zeroClaimSteps", "increase", "decrease", "effective", "lines"],
            response.GetProperty("cap").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Calc_ABadRequest_PrintsTheErrorShapeAndExitsTwo()
    {
        var (exitCode, output, _) = await CliProcess.RunAsync("calc", """{"province":"zhejiang","coverageYear":2026,"originalCap":1}""");

        Assert.Equal(2, exitCode);
        var error = JsonDocument.Parse(output).RootElement.GetProperty("error");
        Assert.Equal("province", error.GetProperty("field").GetString());
        Assert.Contains("zhejiang", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calc_WithoutAsOf_TakesTodayInChina_AsTheDateOfTheQuestion()
    {
        var nextYear = MedicalInsurance.Domain.Time.ChinaCalendar.Today(TimeProvider.System).Year + 1;
        string Request(int year) => $$"""{"province":"national","coverageYear":{{year}},"originalCap":1000,"history":[]}""";

        var (okExit, okOutput, _) = await CliProcess.RunAsync("calc", Request(nextYear));
        var (badExit, badOutput, _) = await CliProcess.RunAsync("calc", Request(nextYear + 1));

        Assert.Equal(0, okExit);
        Assert.Equal(nextYear, JsonDocument.Parse(okOutput).RootElement.GetProperty("coverageYear").GetInt32());
        Assert.Equal(2, badExit);
        Assert.Equal("coverageYear", JsonDocument.Parse(badOutput).RootElement.GetProperty("error").GetProperty("field").GetString());
    }
}
