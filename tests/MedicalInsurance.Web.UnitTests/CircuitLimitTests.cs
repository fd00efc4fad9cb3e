using MedicalInsurance.Web.Circuits;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MedicalInsurance.Web.UnitTests;

/// <summary>How the limit counts: circuits open, and pages admitted whose circuit has not opened yet.</summary>
public sealed class CircuitLimitTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    private CircuitLimit Limit(int max) => new(Options.Create(new CircuitsOptions { MaxCircuits = max }), _clock);

    [Fact]
    public void Pages_UpToTheLimit_AreAdmitted_ThenRefused()
    {
        var limit = Limit(2);

        Assert.Equal([true, true, false], new[] { limit.TryAdmit(), limit.TryAdmit(), limit.TryAdmit() });
    }

    [Fact]
    public void Circuit_OpeningForAnAdmittedPage_TakesItsPlace_NotASecondOne()
    {
        var limit = Limit(2);
        limit.TryAdmit();
        limit.Opened();

        Assert.Equal(1, limit.Open);
        Assert.True(limit.TryAdmit());
        Assert.False(limit.TryAdmit());
    }

    [Fact]
    public void Circuit_Closing_FreesItsPlace()
    {
        var limit = Limit(1);
        limit.TryAdmit();
        limit.Opened();
        var whileOpen = limit.TryAdmit();

        limit.Closed();

        Assert.False(whileOpen);
        Assert.Equal(0, limit.Open);
        Assert.True(limit.TryAdmit());
    }

    [Theory]
    [InlineData("a tick before the hold ends: still held", -1, false)]
    [InlineData("when the hold ends: given back", 0, true)]
    [InlineData("a second after: given back", 10_000_000, true)]
    public void AdmittedPage_WhoseCircuitNeverOpens_HoldsItsPlaceFor30Seconds(string row, long ticksFromHoldEnd, bool admittedAgain)
    {
        var limit = Limit(1);
        limit.TryAdmit();

        _clock.Advance(CircuitLimit.AdmissionHold + TimeSpan.FromTicks(ticksFromHoldEnd));

        Assert.True(limit.TryAdmit() == admittedAgain, row);
    }

    [Fact]
    public void Circuit_OpenedWithoutAnAdmittedPage_CountsAllTheSame()
    {
        var limit = Limit(1);

        limit.Opened();

        Assert.False(limit.TryAdmit());
    }
}
