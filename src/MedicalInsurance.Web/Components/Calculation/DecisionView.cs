using System.Globalization;
using System.Text.Json;

namespace MedicalInsurance.Web.Components.Calculation;

public sealed record DecisionView(bool Required, string Reason, int BreakYears, int FixedMonths, int VariableMonths, int RepairedMonths, int TotalMonths,
    DateOnly? FirstDay, DateOnly? LastDay, DateOnly BenefitsFrom, int? CarriedOverFrom, IReadOnlyList<RepairOptionView> RepairOptions, string? Citation)
{
    internal static DecisionView Read(JsonElement e) => new(
        e.GetProperty("required").GetBoolean(), e.GetProperty("reason").GetString()!, e.GetProperty("breakYears").GetInt32(),
        e.GetProperty("fixedMonths").GetInt32(), e.GetProperty("variableMonths").GetInt32(), e.GetProperty("repairedMonths").GetInt32(),
        e.GetProperty("totalMonths").GetInt32(), CalcView.Date(e.GetProperty("firstDay")), CalcView.Date(e.GetProperty("lastDay")),
        CalcView.Date(e.GetProperty("benefitsFrom"))!.Value,
        e.GetProperty("carriedOverFrom") is { ValueKind: JsonValueKind.Number } c ? c.GetInt32() : null,
        e.GetProperty("repairOptions").EnumerateArray().Select(o => new RepairOptionView(
            o.GetProperty("years").GetInt32(), o.GetProperty("totalMonths").GetInt32(), CalcView.Date(o.GetProperty("benefitsFrom"))!.Value,
            o.GetProperty("cost").GetDecimal(), o.GetProperty("shortens").GetBoolean())).ToList(),
        e.TryGetProperty("citation", out var citation) ? citation.GetString() : null);

    /// <summary>The payment date of the enrollment, when the page knows it (not part of the contract's response).</summary>
    public DateOnly? PaidOn { get; init; }

    /// <summary>The last day of T's collection period, from the parameters the decision used.</summary>
    public DateOnly? CollectionPeriodEnd { get; init; }

    /// <summary>
    /// Why, with its dates: each part a template with "{0}"-style arguments (localised by the page; the notice prints the
    /// Chinese). A late payment names its date and the period's end; a break names its years.
    /// </summary>
    public IReadOnlyList<(string Template, object[] Args)> ReasonParts()
    {
        var parts = new List<(string, object[])>();
        switch (Reason)
        {
            case "waiting":
                if (PaidOn is { } paid && CollectionPeriodEnd is { } end && paid > end)
                {
                    parts.Add(("缴费日期{0}晚于集中参保期（截至{1}）", [ChineseDate.Format(paid), ChineseDate.Format(end)]));
                }

                if (BreakYears > 0)
                {
                    parts.Add(("此前连续断保{0}年", [BreakYears]));
                }

                parts.Add(("设置待遇等待期", []));
                break;
            case "onTime":
                parts.Add(CollectionPeriodEnd is { } last ? ("在集中参保期内（截至{0}）缴费且此前连续参保，不设待遇等待期", [ChineseDate.Format(last)]) : ("在集中参保期内连续参保，不设待遇等待期", []));
                break;
            case "newborn":
                parts.Add(("新生儿，免待遇等待期", []));
                break;
            case "exemptGroup":
                parts.Add(("特殊群体，免待遇等待期", []));
                break;
            case "schemeSwitch":
                parts.Add(("由职工医保转入，中断3个月（含）以内且已补缴中断期间费用，不设待遇等待期", []));
                break;
            default:
                parts.Add(("参保年度早于机制实施年度，不设待遇等待期", []));
                break;
        }

        return parts;
    }

    /// <summary>The reason in Chinese, as printed on the notice.</summary>
    public string ReasonText => string.Join("，", ReasonParts().Select(p => string.Format(CultureInfo.InvariantCulture, p.Template, p.Args)));
}
