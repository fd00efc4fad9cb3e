using System.Net;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

/// <summary>
/// The circuit limit with real circuits: a process that may hold two answers a third page with the busy page, and admits
/// it once one of the two is closed. Its own app (the limit is per process), the run's browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CircuitLimitBrowserTests(RunningApp app)
{
    private static readonly PageWaitForSelectorOptions Attached = new() { State = WaitForSelectorState.Attached, Timeout = 30_000 };

    [Fact]
    public async Task ThirdPage_OfAProcessHoldingTwoCircuits_GetsTheBusyPage_ThenItsCircuitOnceOneCloses()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Default", database.ApplicationConnectionString)
            .UseSetting("Results:Refresher", "false")
            .UseSetting("Dashboards:Refresher", "false")
            .UseSetting("YearEnd:Enabled", "false")
            .UseSetting("WarmUp:Enabled", "false")
            .UseSetting("Circuits:MaxCircuits", "2")
            .UseSetting("Circuits:DisconnectedRetentionSeconds", "1")
            .UseEnvironment("Development"));
        factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var root = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        var clerk = (UserOutcome.Created)await factory.Services.GetRequiredService<UserAdministration>()
            .CreateAsync(new NewUser("clerk", "长安区经办员", Roles.Clerk, "130102"), Actor.System, TestContext.Current.CancellationToken);

        // One browser context: the pages share the sign-in, as tabs of one clerk's browser do; each page its own circuit.
        await using var browser = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var first = await browser.NewPageAsync();
        await first.GotoAsync(new Uri(root, "/account/login").ToString());
        await first.FillAsync("#username", "clerk");
        await first.FillAsync("#password", clerk.Password);
        await first.ClickAsync("#login-submit");
        await first.WaitForSelectorAsync("#circuit-ready", Attached);
        var second = await browser.NewPageAsync();
        await second.GotoAsync(new Uri(root, "/persons/lookup").ToString());
        await second.WaitForSelectorAsync("#circuit-ready", Attached);

        var third = await browser.NewPageAsync();
        var refused = await third.GotoAsync(new Uri(root, "/persons/lookup").ToString());
        var busy = await third.InnerTextAsync("#busy");
        await RunningApp.ScreenshotAsync(third, "circuit-limit-busy");
        await first.CloseAsync();
        // The busy page reloads itself after 10–20 s; the test reloads sooner, until the closed page's circuit is let go.
        var admitted = refused;
        for (var i = 0; i < 120 && admitted?.Status != 200; i++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            admitted = await third.ReloadAsync();
        }

        await third.WaitForSelectorAsync("#circuit-ready", Attached);

        Assert.Equal(503, refused?.Status);
        Assert.Equal("系统繁忙，请稍后再试。", busy.Trim());
        Assert.Equal(200, admitted?.Status);
        Assert.Equal("/persons/lookup", new Uri(third.Url).AbsolutePath);
    }
}
