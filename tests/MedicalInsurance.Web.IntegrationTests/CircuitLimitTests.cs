using System.Net;
using MedicalInsurance.Web.Circuits;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The circuit limit as a browser meets it: pages are admitted while the process has a circuit to spare, then answered
/// with the busy page until a circuit closes. Circuits are reported to the limit here as the circuit handler reports
/// them (the browser test CircuitLimitBrowserTests opens real ones).
/// </summary>
public sealed class CircuitLimitTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Page_BeyondTheLimit_AnswersTheBusyPage_AndIsAdmittedAgainOnceACircuitCloses()
    {
        await using var limited = app.Factory.WithWebHostBuilder(web => web.UseSetting("Circuits:MaxCircuits", "2"));
        var limit = limited.Services.GetRequiredService<CircuitLimit>();
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using (var signIn = await AppFactory.SignInAsync(client, "clerk", app.Passwords["clerk"]))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var first = await GetAsync(client, "/persons/lookup");
        var second = await GetAsync(client, "/");
        limit.Opened();
        limit.Opened();
        using var third = await client.GetAsync(new Uri("/persons/lookup?x=1", UriKind.Relative), Ct);
        var busy = await third.Content.ReadAsStringAsync(Ct);
        var staticPages = (await GetAsync(client, "/account/login"), await GetAsync(client, "/healthz"));
        limit.Closed();
        var afterClose = await GetAsync(client, "/persons/lookup");
        var full = await GetAsync(client, "/persons/lookup");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first, second));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Contains("系统繁忙，请稍后再试。", busy, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", busy, StringComparison.Ordinal);
        Assert.Contains("href=\"/persons/lookup?x=1\"", busy, StringComparison.Ordinal);
        Assert.InRange(int.Parse(third.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 10, 20);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), staticPages);
        Assert.Equal(HttpStatusCode.OK, afterClose);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full);
        Assert.Contains(app.LogLines, l => l.Contains("Circuit limit reached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BusyPage_UnderEnglish_SpeaksEnglish()
    {
        await using var limited = app.Factory.WithWebHostBuilder(web => web.UseSetting("Circuits:MaxCircuits", "1"));
        limited.Services.GetRequiredService<CircuitLimit>().Opened();
        using var client = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using (await AppFactory.SignInAsync(client, "clerk", app.Passwords["clerk"]))
        using (await client.GetAsync(new Uri("/culture?name=en&returnUrl=/", UriKind.Relative), Ct))
        {
        }

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("The system is busy; please try again shortly.", html, StringComparison.Ordinal);
        Assert.Contains("<title>System busy · Resident medical insurance enrollment</title>", html, StringComparison.Ordinal);
        // Nothing left in Chinese: the busy page is not a route, so the English page scan never sees it.
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", html);
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
        return response.StatusCode;
    }
}
