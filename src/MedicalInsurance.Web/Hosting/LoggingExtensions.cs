using Serilog;
using Serilog.Formatting.Compact;

namespace MedicalInsurance.Web.Hosting;

internal static class LoggingExtensions
{
    /// <summary>Structured JSON logs to the console, one event a line; levels come from configuration ("Serilog").</summary>
    public static WebApplicationBuilder AddMedicalInsuranceLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, configuration) => configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", Serilog.Events.LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", Serilog.Events.LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(new RenderedCompactJsonFormatter()));
        return builder;
    }
}
