using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace MedicalInsurance.Infrastructure.Hosting;

/// <summary>
/// The logging both hosts share, the web app and the command line: levels, context, and one JSON event a line with
/// personal data masked at the sink — so an ID number never reaches a log, whichever host wrote it.
/// </summary>
public static class LogDefaults
{
    /// <summary>Compact JSON, masked (<see cref="MaskingFormatter"/>).</summary>
    public static ITextFormatter Formatter() => new MaskingFormatter(new RenderedCompactJsonFormatter());

    public static LoggerConfiguration Apply(LoggerConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext();
    }
}
