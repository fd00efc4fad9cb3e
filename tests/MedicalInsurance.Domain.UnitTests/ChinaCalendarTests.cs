using MedicalInsurance.Domain.Time;
using Microsoft.Extensions.Time.Testing;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class ChinaCalendarTests
{
    [Theory]
    [InlineData("15:59 UTC is 23:59 in Beijing: still the same day", "2026-12-31T15:59:00Z", "2026-12-31")]
    [InlineData("16:00 UTC is midnight in Beijing: the next day", "2026-12-31T16:00:00Z", "2027-01-01")]
    [InlineData("early UTC morning", "2026-06-30T00:30:00Z", "2026-06-30")]
    public void Today_IsTheDateInShanghai_NotInUtc(string label, string utc, string expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(Person.D(expected) == ChinaCalendar.Today(time), label);
    }
}
