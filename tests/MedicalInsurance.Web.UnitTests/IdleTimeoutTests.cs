using Bunit;
using Bunit.TestDoubles;
using MedicalInsurance.Web.Circuits;
using MedicalInsurance.Web.Components.Layout;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MedicalInsurance.Web.UnitTests;

/// <summary>A page left without input for <c>Circuits:IdleMinutes</c> is sent to the static idle page, releasing its circuit.</summary>
public sealed class IdleTimeoutTests : BunitContext
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));

    private const string IdlePage = "http://localhost/account/idle?returnUrl=%2Fpersons%2Flookup";

    private BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    private CircuitActivity Activity => Services.GetRequiredService<CircuitActivity>();

    private IRenderedComponent<IdleTimeout> Open(int idleMinutes)
    {
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(Options.Create(new CircuitsOptions { IdleMinutes = idleMinutes }));
        Services.AddScoped<CircuitActivity>();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        Navigation.NavigateTo("persons/lookup");
        return Render<IdleTimeout>();
    }

    /// <summary>Advances the clock, then lets the renderer run what the timer queued.</summary>
    private void Wait(IRenderedComponent<IdleTimeout> page, TimeSpan span)
    {
        _clock.Advance(span);
        page.InvokeAsync(() => { }).GetAwaiter().GetResult();
    }

    [Fact]
    public void Page_WithoutInput_StaysAMinuteBefore_AndLeavesOnTheMinute()
    {
        var page = Open(30);

        Wait(page, TimeSpan.FromMinutes(29));
        var aMinuteBefore = Navigation.Uri;
        Wait(page, TimeSpan.FromMinutes(1));

        Assert.Equal("http://localhost/persons/lookup", aMinuteBefore);
        page.WaitForAssertion(() => Assert.Equal(IdlePage, Navigation.Uri));
    }

    [Fact]
    public void Input_StartsTheIdleTimeAgain()
    {
        var page = Open(30);

        Wait(page, TimeSpan.FromMinutes(20));
        Activity.Touch();
        Wait(page, TimeSpan.FromMinutes(29));
        var stayed = Navigation.Uri;
        Wait(page, TimeSpan.FromMinutes(1));

        Assert.Equal("http://localhost/persons/lookup", stayed);
        page.WaitForAssertion(() => Assert.Equal(IdlePage, Navigation.Uri));
    }

    [Fact]
    public void IdleMinutesZero_NeverLeaves()
    {
        var page = Open(0);

        Wait(page, TimeSpan.FromDays(2));

        Assert.Equal("http://localhost/persons/lookup", Navigation.Uri);
    }
}
