using System.Globalization;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// What stored results depend on besides the files: the engine version, the year (Beijing time) and a digest of the
/// policy parameters. Stored as "engine 2; year 2026; parameters 9f…" (<see cref="ToString"/>); read back only by the
/// database mapping (<see cref="Parse"/>), never by a page.
/// </summary>
public readonly record struct ResultsStamp(int Engine, int Year, string Parameters)
{
    public override string ToString() => $"engine {Engine.ToString(CultureInfo.InvariantCulture)}; year {Year.ToString(CultureInfo.InvariantCulture)}; parameters {Parameters}";

    public static ResultsStamp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split("; ").Select(p => p.Split(' ', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return parts.TryGetValue("engine", out var engine) && parts.TryGetValue("year", out var year) && parts.TryGetValue("parameters", out var parameters)
            ? new ResultsStamp(int.Parse(engine, CultureInfo.InvariantCulture), int.Parse(year, CultureInfo.InvariantCulture), parameters)
            : throw new FormatException($"not a results stamp: {text}");
    }

    public static readonly Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<ResultsStamp, string> Converter = new(s => s.ToString(), s => Parse(s));
}
