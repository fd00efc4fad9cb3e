namespace MedicalInsurance.Domain.UnitTests;

/// <summary>RULES.md §5: each refusal names the field, and no partial answer is given.</summary>
public sealed class RefusalTests
{
    private const string Ok2026 = """{"year":2026,"scheme":"resident","paidOn":"2025-11-01"}""";

    [Theory]
    [InlineData("missing originalCap", """{"province":"hebei","coverageYear":2026,"history":[]}""", "originalCap")]
    [InlineData("zero originalCap", """{"province":"hebei","coverageYear":2026,"originalCap":0,"history":[]}""", "originalCap")]
    [InlineData("negative history originalCap", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"originalCap":-1}]}""", "history[0].originalCap")]
    [InlineData("negative fund reimbursement", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"fundReimbursed":-5}]}""", "history[0].fundReimbursed")]
    [InlineData("two records for one year and scheme", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025},{"year":2025,"scheme":"resident"}]}""", "history[1].year")]
    [InlineData("a record after T", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2027}]}""", "history[0].year")]
    [InlineData("a record before the birth year", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"birthDate":"2025-03-01","history":[{"year":2024}]}""", "history[0].year")]
    [InlineData("catastrophic above fund", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"fundReimbursed":10,"catastrophicPaid":11}]}""", "history[0].catastrophicPaid")]
    [InlineData("catastrophic with no fund figure", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"catastrophicPaid":11}]}""", "history[0].catastrophicPaid")]
    [InlineData("payment after asOf", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"asOf":"2025-10-01","history":[{"year":2026,"paidOn":"2025-11-01"}]}""", "history[0].paidOn")]
    [InlineData("payment before birth", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"birthDate":"2026-02-01","history":[{"year":2026,"paidOn":"2026-01-20"}]}""", "history[0].paidOn")]
    [InlineData("payment after 31 Dec of its year", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"paidOn":"2026-01-01"}]}""", "history[0].paidOn")]
    [InlineData("birth after asOf", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"asOf":"2026-06-01","birthDate":"2026-07-01","history":[]}""", "birthDate")]
    [InlineData("employee cover ending after asOf", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"asOf":"2026-06-01","previousCoverageEndedOn":"2026-07-01","history":[]}""", "previousCoverageEndedOn")]
    [InlineData("coverage year before 1990", """{"province":"hebei","coverageYear":1989,"originalCap":1000,"asOf":"2026-06-01","history":[]}""", "coverageYear")]
    [InlineData("coverage year after asOf's year + 1", """{"province":"hebei","coverageYear":2028,"originalCap":1000,"asOf":"2026-06-01","history":[]}""", "coverageYear")]
    [InlineData("a record year before 1990", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":1980}]}""", "history[0].year")]
    [InlineData("negative repairYears", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"repairYears":-1,"history":[]}""", "repairYears")]
    [InlineData("repairYears above b(T), no decision made", """{"province":"hebei","coverageYear":2027,"originalCap":1000,"repairYears":2,"history":[{"year":2025},{"year":2027}]}""", "repairYears")]
    [InlineData("unknown province", """{"province":"zhejiang","coverageYear":2026,"originalCap":1000,"history":[]}""", "province")]
    [InlineData("unknown scheme", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"scheme":"private"}]}""", "history[0].scheme")]
    [InlineData("unknown group", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025,"group":"student"}]}""", "history[0].group")]
    [InlineData("a string where a number belongs", """{"province":"hebei","coverageYear":2026,"originalCap":"1000","history":[]}""", "originalCap")]
    [InlineData("a string where a boolean belongs", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"gapBackPaid":"true","history":[]}""", "gapBackPaid")]
    [InlineData("history that is not a list", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":{"year":2025}}""", "history")]
    [InlineData("history of non-objects", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[2025]}""", "history[0]")]
    [InlineData("a year that is not an integer", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2025.5}]}""", "history[0].year")]
    [InlineData("repairYears that is not an integer", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"repairYears":1.5,"history":[]}""", "repairYears")]
    [InlineData("money with three decimals", """{"province":"hebei","coverageYear":2026,"originalCap":1000.005,"history":[]}""", "originalCap")]
    [InlineData("a line that is not an object", """[1,2]""", "")]
    [InlineData("a line that is not JSON", """not json""", "")]
    [InlineData("a malformed date", """{"province":"hebei","coverageYear":2026,"originalCap":1000,"history":[{"year":2026,"paidOn":"2026/01/05"}]}""", "history[0].paidOn")]
    public void Request_BreakingARule_IsRefusedNamingTheField(string label, string json, string field)
    {
        var error = TestCalc.Error(json);

        Assert.True(field == error.Field, $"{label}: expected '{field}', got '{error.Field}' ({error.Message})");
        Assert.False(string.IsNullOrWhiteSpace(error.Message), label);
    }

    [Fact]
    public void Request_WithAllOptionalFieldsAbsent_IsAnswered()
    {
        var result = TestCalc.Result("""{"province":"national","coverageYear":2026,"originalCap":300000,"history":[""" + Ok2026 + "]}");

        Assert.Equal(2026, result.CoverageYear);
        Assert.NotNull(result.WaitingPeriod);
    }
}
