using System.Globalization;

namespace MedicalInsurance.Web.Scheduling;

/// <summary>The <c>YearEnd</c> section: the scheduled year-end run.</summary>
public sealed class YearEndOptions
{
    public const string Section = "YearEnd";

    public bool Enabled { get; set; } = true;

    /// <summary>The month and day (MM-dd, Beijing time) from which the run is due for the year just begun.</summary>
    public string RunOn { get; set; } = "01-01";

    /// <summary>The day of <see cref="RunOn"/>, or null when it is not a month and day.</summary>
    public DateOnly? RunOnDay =>
        DateOnly.TryParseExact("2000-" + RunOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
