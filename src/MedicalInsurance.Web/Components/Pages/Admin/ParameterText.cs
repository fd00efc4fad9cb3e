using System.Globalization;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Parameters;
using Microsoft.Extensions.Localization;

namespace MedicalInsurance.Web.Components.Pages.Admin;

/// <summary>A parameter row's value and validity as an administrator reads them, in the page's language.</summary>
internal static class ParameterText
{
    /// <summary>"全部年度", "2025年", "2026年起", "至2024年", "2024–2025年".</summary>
    public static string Years(IStringLocalizer l, int? from, int? to) => (from, to) switch
    {
        (null, null) => l["全部年度"],
        ({ } f, { } t) when f == t => l["{0}年", f],
        ({ } f, null) => l["{0}年起", f],
        (null, { } t) => l["至{0}年", t],
        ({ } f, { } t) => l["{0}–{1}年", f, t],
    };

    public static string Value(IStringLocalizer l, string name, string json)
    {
        if (ParameterDefinition.Find(name) is not { } definition)
        {
            return json;
        }

        var value = ParameterFields.Read(definition, json);
        return definition.Kind switch
        {
            ParameterKind.Money => Yuan(l, value.Number),
            ParameterKind.Year => value.Number?.ToString("0", CultureInfo.InvariantCulture) ?? "—",
            ParameterKind.Count => l["{0} " + definition.Unit, Number(value.Number)],
            ParameterKind.AmountOrPercent => Amount(l, value),
            ParameterKind.Percentage => l["原封顶线的 {0}%", Number(value.Percent)],
            ParameterKind.Penalty => value.PenaltyKind switch
            {
                ParameterFields.PerBreakYear => l["每断保1年降低 {0}", Amount(l, value)],
                ParameterFields.PerReturn => l["每次断保后再参保降低 {0}", Amount(l, value)],
                _ => l["不降低"],
            },
            ParameterKind.Groups => value.Groups.Count == 0
                ? l["仅新生儿"]
                : l["新生儿、{0}", string.Join(l["、"], EnrollmentGroups.All.Where(value.Groups.Contains).Select(g => l[EnrollmentGroups.Label(g)].Value))],
            ParameterKind.WaitingFloor => l["连续断缴 {0} 年及以上不少于 {1} 个月", value.FromBreakYears ?? 0, Number(value.Number)],
            ParameterKind.DateRange when value.Standing => l["每年 {0} 至 {1}（参保年度前一年）", value.FromMonthDay ?? "", value.ToMonthDay ?? ""],
            ParameterKind.DateRange => l["{0} 至 {1}", Date(value.From), Date(value.To)],
            ParameterKind.WaitingStart => value.WaitingStart == ParameterFields.PaymentDate ? l["缴费之日"] : l["缴费之日与参保年度1月1日中较晚者"],
            ParameterKind.Flag => value.Flag ? l["是"] : l["否"],
            _ => l["规则口径开关（RULES.md §7）"],
        };
    }

    public static string Yuan(IStringLocalizer l, decimal? amount) => l["{0} 元", amount?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "—"];

    /// <summary>"+2,000 元" or "−2,000 元": a change.</summary>
    public static string Change(IStringLocalizer l, decimal amount) =>
        (amount > 0 ? "+" : amount < 0 ? "−" : "") + Yuan(l, Math.Abs(amount));

    private static string Amount(IStringLocalizer l, ParameterFields value) =>
        value.ByPercent ? l["原封顶线的 {0}%", Number(value.Percent)] : Yuan(l, value.Number);

    private static string Number(decimal? number) => number?.ToString("#,0.##", CultureInfo.InvariantCulture) ?? "—";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
