using MedicalInsurance.Infrastructure.Hosting;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace MedicalInsurance.Web.Hosting;

/// <summary>Receives every log line exactly as the console gets it (masked): tests register one to read the logs.</summary>
public interface ILogCapture
{
    void Add(string line);
}

internal static class LoggingExtensions
{
    /// <summary>Structured JSON logs to the console, one event a line, personal data masked at the sink.</summary>
    public static WebApplicationBuilder AddMedicalInsuranceLogging(this WebApplicationBuilder builder)
    {
        var formatter = LogDefaults.Formatter();
        builder.Services.AddSerilog((services, configuration) =>
        {
            LogDefaults.Apply(configuration).WriteTo.Console(formatter);
            if (services.GetService<ILogCapture>() is { } capture)
            {
                configuration.WriteTo.Sink(new CaptureSink(formatter, capture));
            }
        }, preserveStaticLogger: true); // each host its own logger: the static one would be shared by every host in a process
        return builder;
    }

    private sealed class CaptureSink(ITextFormatter formatter, ILogCapture capture) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            using var line = new StringWriter();
            formatter.Format(logEvent, line);
            capture.Add(line.ToString());
        }
    }
}
