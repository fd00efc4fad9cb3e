using System.Net;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The warm-up at start (off in the other test hosts): it runs through and leaves no trace in the file or the audit;
/// /healthz says not ready while it cannot finish, and a database that is not there does not stop the process starting.
/// </summary>
public sealed class WarmUpTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Nothing listens on port 1: every connection is refused at once.
    private const string NoDatabase = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=1";

    [Fact]
    public async Task WarmUp_SwitchedOn_WarmsUpAtStart_WritesNothing_AndThenHealthzIsHealthy()
    {
        var audit = await CountAuditAsync();

        await using var warm = app.Factory.WithWebHostBuilder(web => web.UseSetting("WarmUp:Enabled", "true"));
        _ = warm.Services;
        var outcome = await WaitForLogAsync("Warmed up in", "Warm-up failed");
        using var client = warm.CreateClient();
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Equal("Warmed up in", outcome);
        Assert.Equal(audit, await CountAuditAsync());
        // The file view is rendered as the layout holds it: MudBlazor once logged an error at every start for want of this.
        Assert.DoesNotContain(app.LogLines, l => l.Contains("MudPopoverProvider", StringComparison.Ordinal));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.StatusCode, await health.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task WarmUp_WithoutADatabase_StartsTheProcess_NotReadyWhileRetrying()
    {
        await using var factory = Unconnected("600");

        var (status, text) = await HealthAsync(factory);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("warm-up: Unhealthy — 正在预热", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmUp_WithoutADatabase_GivesUp_AndNoLongerHoldsReadiness()
    {
        await using var factory = Unconnected("1");

        // Given up after its first attempt: the next retry would come after the second it was given.
        string? text = null;
        for (var i = 0; i < 600 && text?.Contains("warm-up: Degraded", StringComparison.Ordinal) != true; i++)
        {
            await Task.Delay(100, Ct);
            (_, text) = await HealthAsync(factory);
        }

        Assert.Contains("warm-up: Degraded — 预热未完成", text, StringComparison.Ordinal);
        Assert.DoesNotContain("warm-up: Unhealthy", text, StringComparison.Ordinal);
    }

    private static WebApplicationFactory<Program> Unconnected(string giveUpSeconds) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Default", NoDatabase)
            .UseSetting("Dashboards:Refresher", "false")
            .UseSetting("Results:Refresher", "false")
            .UseSetting("YearEnd:Enabled", "false")
            .UseSetting("WarmUp:Enabled", "true")
            .UseSetting("WarmUp:GiveUpSeconds", giveUpSeconds));

    private static async Task<(HttpStatusCode Status, string Text)> HealthAsync(WebApplicationFactory<Program> factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private async Task<int> CountAuditAsync()
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.CountAsync(Ct);
    }

    /// <summary>Which of the lines the warm-up logs first (it takes a second or two; a minute at most under load).</summary>
    private async Task<string?> WaitForLogAsync(params string[] lines)
    {
        for (var i = 0; i < 600; i++)
        {
            if (lines.FirstOrDefault(line => app.LogLines.Any(l => l.Contains(line, StringComparison.Ordinal))) is { } found)
            {
                return found;
            }

            await Task.Delay(100, Ct);
        }

        return null;
    }
}
