namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>Dates as a notice writes them: 2027年4月1日.</summary>
public static class ChineseDate
{
    public static string Format(DateOnly? date) => date is { } d ? $"{d.Year}年{d.Month}月{d.Day}日" : "—";
}
