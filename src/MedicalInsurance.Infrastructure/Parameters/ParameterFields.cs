using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// A parameter's value as its input holds it: the fields of its <see cref="ParameterKind"/>, read from and written to
/// the catalog's JSON. Writing checks only the shape of each field (a number where a number goes); whether the value
/// makes sense with the rest is the catalog's to say when it loads.
/// </summary>
public sealed class ParameterFields
{
    public const string PerBreakYear = "perBreakYear";
    public const string PerReturn = "perReturn";
    public const string NoPenalty = "none";
    public const string PaymentDate = "paymentDate";
    public const string LaterOfPaymentAndYearStart = "laterOfPaymentAndYearStart";

    private ParameterFields(ParameterKind kind) => Kind = kind;

    public ParameterKind Kind { get; }

    /// <summary>Yuan (money, an amount), a year, a count; the months of a waiting floor.</summary>
    public decimal? Number { get; set; }

    /// <summary>An amount given as a percentage of the original cap rather than in yuan.</summary>
    public bool ByPercent { get; set; }

    public decimal? Percent { get; set; }

    /// <summary><see cref="NoPenalty"/>, <see cref="PerBreakYear"/> or <see cref="PerReturn"/>.</summary>
    public string PenaltyKind { get; set; } = NoPenalty;

    public HashSet<EnrollmentGroup> Groups { get; } = [];

    /// <summary>The break years from which a waiting floor applies.</summary>
    public int? FromBreakYears { get; set; }

    /// <summary>A date range's ends, both inclusive.</summary>
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>A standing rule: month and day ("09-01") in the year before the coverage year, instead of dates.</summary>
    public bool Standing { get; set; }

    public string? FromMonthDay { get; set; }

    public string? ToMonthDay { get; set; }

    /// <summary><see cref="PaymentDate"/> or <see cref="LaterOfPaymentAndYearStart"/>.</summary>
    public string WaitingStart { get; set; } = LaterOfPaymentAndYearStart;

    public bool Flag { get; set; }

    /// <summary>The value as stored, kept for kinds that are shown, not edited.</summary>
    public string Raw { get; private set; } = "";

    /// <summary>An empty value of the kind of <paramref name="definition"/>.</summary>
    public static ParameterFields Empty(ParameterDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new ParameterFields(definition.Kind) { Raw = definition.Kind == ParameterKind.Switches ? "{}" : "" };
    }

    /// <summary>Reads a stored value; a value of another shape than the definition's is a programmer error (the catalog loaded it).</summary>
    public static ParameterFields Read(ParameterDefinition definition, string json)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var value = Empty(definition);
        value.Raw = json;
        var node = JsonNode.Parse(json);
        switch (definition.Kind)
        {
            case ParameterKind.Money or ParameterKind.Year or ParameterKind.Count:
                value.Number = node!.GetValue<decimal>();
                break;
            case ParameterKind.AmountOrPercent:
                ReadAmount(value, node!.AsObject());
                break;
            case ParameterKind.Percentage:
                value.Percent = (decimal?)node!["percentOfCap"];
                break;
            case ParameterKind.Penalty:
                value.PenaltyKind = (string?)node!["kind"] ?? NoPenalty;
                ReadAmount(value, node.AsObject());
                break;
            case ParameterKind.Groups:
                foreach (var group in node!.AsArray())
                {
                    value.Groups.Add(Enum.Parse<EnrollmentGroup>((string)group!, ignoreCase: true));
                }

                break;
            case ParameterKind.WaitingFloor:
                value.Number = (decimal?)node!["months"];
                value.FromBreakYears = (int?)node["fromBreakYears"];
                break;
            case ParameterKind.DateRange when node!["from"] is { } from:
                value.From = DateOnly.ParseExact((string)from!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                value.To = DateOnly.ParseExact((string)node["to"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                break;
            case ParameterKind.DateRange:
                value.Standing = true;
                value.FromMonthDay = (string?)node["fromMonthDay"];
                value.ToMonthDay = (string?)node["toMonthDay"];
                break;
            case ParameterKind.WaitingStart:
                value.WaitingStart = (string?)node ?? LaterOfPaymentAndYearStart;
                break;
            case ParameterKind.Flag:
                value.Flag = node!.GetValue<bool>();
                break;
        }

        return value;
    }

    private static void ReadAmount(ParameterFields value, JsonObject node)
    {
        if (node["percentOfCap"] is { } percent)
        {
            value.ByPercent = true;
            value.Percent = (decimal)percent;
        }
        else if (node["amount"] is { } amount)
        {
            value.Number = (decimal)amount;
        }
    }

    /// <summary>The value in the catalog's JSON, or what is missing or malformed (Chinese, a fixed sentence a page can localize).</summary>
    public (string? Json, string? Error) Write()
    {
        switch (Kind)
        {
            case ParameterKind.Money:
                return Number is > 0 and < 100_000_000 && decimal.Round(Number.Value, 2) == Number ? (Text(Number.Value), null) : (null, "金额须为大于0的元数，最多两位小数。");
            case ParameterKind.Year:
                return Number is >= 1990 and <= 2200 && decimal.Truncate(Number.Value) == Number ? (Text(Number.Value), null) : (null, "年度须为1990至2200之间的整数。");
            case ParameterKind.Count:
                return Number is >= 0 and <= 1000 && decimal.Truncate(Number.Value) == Number ? (Text(Number.Value), null) : (null, "须为不小于0的整数。");
            case ParameterKind.AmountOrPercent:
                return Amount() is { } amount ? (amount.ToJsonString(), null) : (null, ByPercent ? "百分比须大于0且不超过100。" : "金额须为大于0的元数，最多两位小数。");
            case ParameterKind.Percentage:
                return Percent is > 0 and <= 100 ? (new JsonObject { ["percentOfCap"] = Percent }.ToJsonString(), null) : (null, "百分比须大于0且不超过100。");
            case ParameterKind.Penalty:
                if (PenaltyKind == NoPenalty)
                {
                    return (new JsonObject { ["kind"] = NoPenalty }.ToJsonString(), null);
                }

                if (PenaltyKind is not (PerBreakYear or PerReturn))
                {
                    return (null, "请选择降低方式。");
                }

                if (Amount() is not { } penalty)
                {
                    return (null, ByPercent ? "百分比须大于0且不超过100。" : "金额须为大于0的元数，最多两位小数。");
                }

                penalty.Insert(0, "kind", PenaltyKind);
                return (penalty.ToJsonString(), null);
            case ParameterKind.Groups:
                var groups = new JsonArray();
                foreach (var group in EnrollmentGroups.All.Where(Groups.Contains).Where(g => g != EnrollmentGroup.Ordinary))
                {
                    groups.Add(JsonNamingPolicy.CamelCase.ConvertName(group.ToString()));
                }

                return (groups.ToJsonString(), null);
            case ParameterKind.WaitingFloor:
                return Number is >= 0 and <= 120 && decimal.Truncate(Number.Value) == Number && FromBreakYears is >= 1 and <= 100
                    ? (new JsonObject { ["months"] = (int)Number.Value, ["fromBreakYears"] = FromBreakYears }.ToJsonString(), null)
                    : (null, "等待期下限须为月数，断缴年数须为不小于1的整数。");
            case ParameterKind.DateRange when Standing:
                return MonthDay(FromMonthDay) && MonthDay(ToMonthDay)
                    ? (new JsonObject { ["fromMonthDay"] = FromMonthDay, ["toMonthDay"] = ToMonthDay }.ToJsonString(), null)
                    : (null, "起止月日须写成 09-01 的形式。");
            case ParameterKind.DateRange:
                if (From is not { } from || To is not { } to)
                {
                    return (null, "请填写起止日期。");
                }

                return to < from
                    ? (null, "截止日期不能早于起始日期。")
                    : (new JsonObject { ["from"] = Date(from), ["to"] = Date(to) }.ToJsonString(), null);
            case ParameterKind.WaitingStart:
                return WaitingStart is PaymentDate or LaterOfPaymentAndYearStart ? (JsonValue.Create(WaitingStart).ToJsonString(), null) : (null, "请选择起算日。");
            case ParameterKind.Flag:
                return (Flag ? "true" : "false", null);
            default:
                return (Raw, null);
        }
    }

    private JsonObject? Amount() => ByPercent
        ? Percent is > 0 and <= 100 ? new JsonObject { ["percentOfCap"] = Percent } : null
        : Number is > 0 and < 100_000_000 && decimal.Round(Number.Value, 2) == Number ? new JsonObject { ["amount"] = Number } : null;

    private static string Text(decimal number) => number.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool MonthDay(string? text) =>
        text is { Length: 5 } && DateOnly.TryParseExact("2024-" + text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
