namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>Dates as a notice writes them (2027年4月1日); ISO dates when English is chosen.</summary>
public static class ChineseDate
{
    public static string Format(DateOnly? date) => date switch
    {
        null => "—",
        { } d when System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) || System.Globalization.CultureInfo.CurrentUICulture.Name.Length == 0
            => $"{d.Year}年{d.Month}月{d.Day}日",
        { } d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
    };
}
