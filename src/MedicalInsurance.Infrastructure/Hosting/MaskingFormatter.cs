using System.Text.RegularExpressions;
using Serilog.Events;
using Serilog.Formatting;

namespace MedicalInsurance.Infrastructure.Hosting;

/// <summary>
/// Masks personal data at the sink, whatever wrote the event: any 18-character resident ID number keeps only its last
/// four characters (this also catches database errors that quote a key), and properties that carry a person's name are
/// replaced. Nothing upstream needs to remember.
/// </summary>
public sealed partial class MaskingFormatter(ITextFormatter inner) : ITextFormatter
{
    private static readonly HashSet<string> NameProperties = new(StringComparer.OrdinalIgnoreCase) { "Name", "PersonName", "FullName", "ResidentName" };

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var name in logEvent.Properties.Keys.Where(NameProperties.Contains).ToList())
        {
            logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue("***")));
        }

        using var buffer = new StringWriter();
        inner.Format(logEvent, buffer);
        output.Write(Mask(buffer.ToString()));
    }

    /// <summary>Replaces every ID-number-shaped run with its masked form.</summary>
    public static string Mask(string text) => IdNumberPattern().Replace(text, m => new string('*', 14) + m.Value[^4..]);

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9])")]
    private static partial Regex IdNumberPattern();
}
