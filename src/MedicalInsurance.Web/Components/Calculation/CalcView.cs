using System.Globalization;
using System.Text.Json;

namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>
/// A calculation as the contract writes it (CALC-CONTRACT.md), read back for display. The live preview and the printed
/// notice both render from this, so a reprint of a stored snapshot looks exactly like the decision as issued.
/// </summary>
public sealed record CalcView(int CoverageYear, CapView? Cap, DecisionView? Waiting, IReadOnlyList<ParameterView> Parameters, IReadOnlyList<string> Notes)
{
    public static CalcView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var year = root.GetProperty("coverageYear").GetInt32();
        var parameters = root.GetProperty("parameters").EnumerateArray().Select(ParameterView.Read).ToList();
        // The collection period of T as the decision used it ("from/to"): the reason names its last day.
        var period = parameters.FirstOrDefault(p => p.Name == "collectionPeriod" && p.Year == year)?.Value.Split('/');
        var periodEnd = period is [_, var to] ? DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
        return new CalcView(
            year,
            root.GetProperty("cap") is { ValueKind: JsonValueKind.Object } cap ? CapView.Read(cap) : null,
            root.GetProperty("waitingPeriod") is { ValueKind: JsonValueKind.Object } waiting ? DecisionView.Read(waiting) with { CollectionPeriodEnd = periodEnd } : null,
            parameters,
            root.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? "").ToList());
    }

    /// <summary>The enrollment's payment date, known to the page (the form, or the registration): the reason names it.</summary>
    public CalcView WithPayment(DateOnly? paidOn) => Waiting is null ? this : this with { Waiting = Waiting with { PaidOn = paidOn } };

    public static CalcView From(MedicalInsurance.Domain.Calculation.CalculationResult result) =>
        Parse(MedicalInsurance.Infrastructure.Persons.Registrations.Snapshot(result));

    internal static DateOnly? Date(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}

public sealed record CapLineView(string Kind, int Year, decimal Amount, int? BreakYears, bool NoClaimsRecorded, string? Bounds, string Citation)
{
    /// <summary>A zero-claim step for a year not over when asked: it rests on the claims known then and is settled after the year.</summary>
    public bool Provisional { get; init; }
}

public sealed record CapView(decimal Original, int ContinuousSteps, int ZeroClaimSteps, decimal Increase, decimal Decrease, decimal Effective, IReadOnlyList<CapLineView> Lines)
{
    internal static CapView Read(JsonElement e) => new(
        e.GetProperty("original").GetDecimal(), e.GetProperty("continuousSteps").GetInt32(), e.GetProperty("zeroClaimSteps").GetInt32(),
        e.GetProperty("increase").GetDecimal(), e.GetProperty("decrease").GetDecimal(), e.GetProperty("effective").GetDecimal(),
        e.GetProperty("lines").EnumerateArray().Select(l => new CapLineView(
            l.GetProperty("kind").GetString()!, l.GetProperty("year").GetInt32(), l.GetProperty("amount").GetDecimal(),
            l.TryGetProperty("breakYears", out var b) ? b.GetInt32() : null,
            l.TryGetProperty("noClaimsRecorded", out var n) && n.GetBoolean(),
            l.TryGetProperty("bounds", out var bounds) ? bounds.GetString() : null,
            l.GetProperty("citation").GetString()!)
        { Provisional = l.TryGetProperty("provisional", out var p) && p.GetBoolean() }).ToList());
}

public sealed record RepairOptionView(int Years, int TotalMonths, DateOnly BenefitsFrom, decimal Cost, bool Shortens);

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

/// <summary>A parameter the calculation used; <see cref="Status"/> is confirmed, interpretation (解释口径) or unconfirmed (暂定).</summary>
public sealed record ParameterView(string Name, int Year, string Value, string Status, string Citation)
{
    public bool Confirmed => Status == "confirmed";

    public bool Unconfirmed => Status == "unconfirmed";

    public bool Interpretation => Status == "interpretation";

    internal static ParameterView Read(JsonElement e) => new(
        e.GetProperty("name").GetString()!, e.GetProperty("year").GetInt32(),
        e.GetProperty("value") is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal().ToString("#,0.##", CultureInfo.InvariantCulture) : e.GetProperty("value").GetString() ?? "",
        e.GetProperty("status").GetString()!, e.GetProperty("citation").GetString()!);
}
