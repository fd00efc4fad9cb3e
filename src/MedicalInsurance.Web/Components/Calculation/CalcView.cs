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
        return new CalcView(
            root.GetProperty("coverageYear").GetInt32(),
            root.GetProperty("cap") is { ValueKind: JsonValueKind.Object } cap ? CapView.Read(cap) : null,
            root.GetProperty("waitingPeriod") is { ValueKind: JsonValueKind.Object } waiting ? DecisionView.Read(waiting) : null,
            root.GetProperty("parameters").EnumerateArray().Select(ParameterView.Read).ToList(),
            root.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? "").ToList());
    }

    public static CalcView From(MedicalInsurance.Domain.Calculation.CalculationResult result) =>
        Parse(MedicalInsurance.Infrastructure.Persons.Registrations.Snapshot(result));

    internal static DateOnly? Date(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}

public sealed record CapLineView(string Kind, int Year, decimal Amount, int? BreakYears, bool NoClaimsRecorded, string? Bounds, string Citation);

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
            l.GetProperty("citation").GetString()!)).ToList());
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

    public string ReasonText => Reason switch
    {
        "newborn" => "新生儿，免待遇等待期",
        "exemptGroup" => "特殊群体，免待遇等待期",
        "schemeSwitch" => "职工医保与居民医保切换，中断3个月内参保，不设待遇等待期",
        "onTime" => "在集中参保期内连续参保，不设待遇等待期",
        "waiting" => "未在集中参保期内参保或未连续参保，设置待遇等待期",
        _ => "参保年度早于机制实施年度，不设待遇等待期",
    };
}

public sealed record ParameterView(string Name, int Year, string Value, bool Confirmed, string Citation)
{
    internal static ParameterView Read(JsonElement e) => new(
        e.GetProperty("name").GetString()!, e.GetProperty("year").GetInt32(),
        e.GetProperty("value") is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal().ToString("#,0.##", CultureInfo.InvariantCulture) : e.GetProperty("value").GetString() ?? "",
        e.GetProperty("status").GetString() == "confirmed", e.GetProperty("citation").GetString()!);
}
