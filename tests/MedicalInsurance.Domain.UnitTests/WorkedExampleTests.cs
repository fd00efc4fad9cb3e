namespace MedicalInsurance.Domain.UnitTests;

public sealed class WorkedExampleTests
{
    public static TheoryData<string> Names() => new(WorkedExample.All.Select(e => e.Name));

    [Fact]
    public void Examples_AreAllLoaded_AndNamedUniquely()
    {
        Assert.True(WorkedExample.All.Count >= 41, $"only {WorkedExample.All.Count} examples");
        Assert.Equal(WorkedExample.All.Count, WorkedExample.All.Select(e => e.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Example_ThroughTheLibrary_GivesTheExpectedAnswer(string name)
    {
        var example = WorkedExample.All.Single(e => e.Name == name);

        var response = TestCalc.Response(TestCalc.Run(example.RequestJson));

        Assert.True(example.Differences(response).Count == 0, $"{example.Name} ({example.Why}): {string.Join("; ", example.Differences(response))}");
    }
}
