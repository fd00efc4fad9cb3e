using MedicalInsurance.Web.Circuits;
using Microsoft.AspNetCore.Components.Server;
using MedicalInsurance.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>The <c>Circuits</c> section is validated at start: a value out of range stops the host with a line naming the key.</summary>
public sealed class CircuitsOptionsTests
{
    [Theory]
    [InlineData("no circuit at all", "MaxCircuits", "0", "Circuits:MaxCircuits must be at least 1")]
    [InlineData("one circuit", "MaxCircuits", "1", null)]
    [InlineData("no time to reconnect", "DisconnectedRetentionSeconds", "0", "Circuits:DisconnectedRetentionSeconds must be from 1 to 3600")]
    [InlineData("a second to reconnect", "DisconnectedRetentionSeconds", "1", null)]
    [InlineData("an hour to reconnect", "DisconnectedRetentionSeconds", "3600", null)]
    [InlineData("an hour and a second", "DisconnectedRetentionSeconds", "3601", "Circuits:DisconnectedRetentionSeconds must be from 1 to 3600")]
    [InlineData("fewer than none kept", "DisconnectedMaxRetained", "-1", "Circuits:DisconnectedMaxRetained must be at least 0")]
    [InlineData("none kept", "DisconnectedMaxRetained", "0", null)]
    [InlineData("idle less than never", "IdleMinutes", "-1", "Circuits:IdleMinutes must be from 0 (never) to 1440")]
    [InlineData("never idle", "IdleMinutes", "0", null)]
    [InlineData("idle after a day", "IdleMinutes", "1440", null)]
    [InlineData("idle after a day and a minute", "IdleMinutes", "1441", "Circuits:IdleMinutes must be from 0 (never) to 1440")]
    public async Task Setting_AtAndBeyondItsBounds_StartsTheHost_OrStopsItNamingTheKey(string row, string key, string value, string? error)
    {
        // The app's own registrations on a test server, started here rather than through WebApplicationFactory: when the
        // start fails, the app's Run disposes the host while the factory still reads its services, which now and then
        // surfaced as ObjectDisposedException instead of the validation error.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Nothing here connects: the host is only started and stopped.
            ["ConnectionStrings:Default"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none",
            ["Dashboards:Refresher"] = "false",
            ["Results:Refresher"] = "false",
            ["YearEnd:Enabled"] = "false",
            ["WarmUp:Enabled"] = "false",
            ["Circuits:" + key] = value,
        });
        await using var app = builder.BuildMedicalInsurance();

        var started = await Record.ExceptionAsync(() => app.StartAsync(TestContext.Current.CancellationToken));

        if (error is null)
        {
            Assert.True(started is null, $"{row}: {started}");
            var circuit = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
            var ours = app.Services.GetRequiredService<IOptions<CircuitsOptions>>().Value;
            await app.StopAsync(TestContext.Current.CancellationToken);
            Assert.Equal(value, typeof(CircuitsOptions).GetProperty(key)!.GetValue(ours)!.ToString());
            Assert.Equal(TimeSpan.FromSeconds(ours.DisconnectedRetentionSeconds), circuit.DisconnectedCircuitRetentionPeriod);
            Assert.Equal(ours.DisconnectedMaxRetained, circuit.DisconnectedCircuitMaxRetained);
        }
        else
        {
            var refused = Assert.IsType<OptionsValidationException>(started);
            Assert.Contains(error, refused.Message, StringComparison.Ordinal);
        }
    }
}
