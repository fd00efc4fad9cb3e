using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.WaitingPeriods;

namespace MedicalInsurance.Infrastructure.Calculation;

/// <summary>
/// The one mapping between CALC-CONTRACT.md's JSON and the domain: the command line and the web API both use it.
/// Reading names the wrong field of a bad request; writing puts every field in, null or [] where it does not apply.
/// </summary>
public static class CalcContract
{
    /// <summary>Chinese text written as itself, not as \u escapes: the output is JSON for programs and people, never HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Parses and maps one request; <paramref name="today"/> (the date in China) stands in for a missing asOf.</summary>
    public static CalculationOutcomeOrInput Read(ReadOnlySpan<byte> utf8Json, PolicyCatalog catalog, DateOnly today)
    {
        CalcRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(utf8Json, CalcJsonContext.Default.CalcRequest);
        }
        catch (JsonException ex)
        {
            return TypeError(ex.Path);
        }

        return request is null ? new CalculationError("", "请求须为JSON对象") : Map(request, catalog, today);
    }

    public static CalculationOutcomeOrInput Read(string json, PolicyCatalog catalog, DateOnly today) =>
        Read(System.Text.Encoding.UTF8.GetBytes(json), catalog, today);

    /// <summary>Maps a request already deserialized (the web API's model binding) onto the domain.</summary>
    public static CalculationOutcomeOrInput Map(CalcRequest request, PolicyCatalog catalog, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(catalog);
        if (string.IsNullOrEmpty(request.Province))
        {
            return new CalculationError("province", "缺少省份（province）");
        }

        if (request.PoolingRegion is { } region && (region.Length != 6 || !region.All(char.IsAsciiDigit)))
        {
            return new CalculationError("poolingRegion", "统筹地区须为6位行政区划代码");
        }

        if (!catalog.TryResolve(request.Province, request.PoolingRegion, out var policy))
        {
            return new CalculationError("province", $"未知的省份：{request.Province}（可用：{string.Join("、", catalog.ProvinceIds)}）");
        }

        if (request.CoverageYear is not { } year)
        {
            return new CalculationError("coverageYear", "缺少参保年度（coverageYear）");
        }

        if (request.OriginalCap is not { } cap)
        {
            return new CalculationError("originalCap", "缺少大病保险原封顶线（originalCap）");
        }

        var items = request.History ?? [];
        var history = new CoverageRecord[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item is null)
            {
                return new CalculationError($"history[{i}]", "参保记录须为JSON对象");
            }

            if (item.Year is not { } recordYear)
            {
                return new CalculationError($"history[{i}].year", "缺少参保年度");
            }

            if (ParseScheme(item.Scheme) is not { } scheme)
            {
                return new CalculationError($"history[{i}].scheme", $"未知的险种：{item.Scheme}（可用：resident、employee、other）");
            }

            if (ParseGroup(item.Group) is not { } group)
            {
                return new CalculationError($"history[{i}].group", $"未知的人员类别：{item.Group}（可用：ordinary、medicalAid、veteran、veteranSpouse、hardship）");
            }

            history[i] = new CoverageRecord
            {
                Year = recordYear,
                Scheme = scheme,
                PaidOn = item.PaidOn,
                Group = group,
                FundReimbursed = item.FundReimbursed,
                CatastrophicPaid = item.CatastrophicPaid ?? 0m,
                OriginalCap = item.OriginalCap,
            };
        }

        return new CalculationInput
        {
            Policy = policy,
            CoverageYear = year,
            OriginalCap = cap,
            BirthDate = request.BirthDate,
            AsOf = request.AsOf ?? today,
            RepairYears = request.RepairYears ?? 0,
            PreviousCoverageEndedOn = request.PreviousCoverageEndedOn,
            GapBackPaid = request.GapBackPaid ?? false,
            History = history,
        };
    }

    private static Scheme? ParseScheme(string? value) => value switch
    {
        null or "resident" => Scheme.Resident,
        "employee" => Scheme.Employee,
        "other" => Scheme.Other,
        _ => null,
    };

    private static EnrollmentGroup? ParseGroup(string? value) => value switch
    {
        null or "ordinary" => EnrollmentGroup.Ordinary,
        "medicalAid" => EnrollmentGroup.MedicalAid,
        "veteran" => EnrollmentGroup.Veteran,
        "veteranSpouse" => EnrollmentGroup.VeteranSpouse,
        "hardship" => EnrollmentGroup.Hardship,
        _ => null,
    };

    private static CalculationError TypeError(string? path)
    {
        var field = path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var name = field.Contains('.', StringComparison.Ordinal) ? field[(field.LastIndexOf('.') + 1)..] : field;
        var message = name switch
        {
            "" => "请求须为合法的JSON对象",
            "coverageYear" or "year" or "repairYears" => "须为JSON整数",
            "asOf" or "birthDate" or "paidOn" or "previousCoverageEndedOn" => "须为YYYY-MM-DD格式的日期",
            "originalCap" or "fundReimbursed" or "catastrophicPaid" => "金额须为JSON数字（元）",
            "gapBackPaid" => "须为true或false",
            "history" => "须为参保记录对象的列表",
            _ when name.StartsWith("history[", StringComparison.Ordinal) => "参保记录须为JSON对象",
            _ => "类型不正确",
        };
        return new CalculationError(field, field.Length == 0 ? message : $"{field}：{message}");
    }

    /// <summary>Writes one response object, with every field of the contract.</summary>
    public static void WriteResult(Utf8JsonWriter writer, CalculationResult result)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        writer.WriteStartObject();
        writer.WriteNumber("coverageYear", result.CoverageYear);
        writer.WritePropertyName("cap");
        WriteCap(writer, result.Cap);
        writer.WritePropertyName("waitingPeriod");
        WriteDecision(writer, result.WaitingPeriod);
        writer.WriteStartArray("parameters");
        foreach (var p in result.Parameters)
        {
            writer.WriteStartObject();
            writer.WriteString("name", p.Name);
            writer.WriteNumber("year", p.Year);
            if (p.Number is { } number)
            {
                writer.WriteNumber("value", Normalize(number));
            }
            else
            {
                writer.WriteString("value", p.Text);
            }

            writer.WriteString("status", p.Status == ParameterStatus.Confirmed ? "confirmed" : "unconfirmed");
            writer.WriteString("citation", p.Citation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("notes");
        foreach (var note in result.Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes <c>{ "error": { "field": …, "message": … } }</c>.</summary>
    public static void WriteError(Utf8JsonWriter writer, CalculationError error)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(error);
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("field", error.Field);
        writer.WriteString("message", error.Message);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteCap(Utf8JsonWriter writer, CapStatement? cap)
    {
        if (cap is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("original", Normalize(cap.Original));
        writer.WriteNumber("continuousSteps", cap.ContinuousSteps);
        writer.WriteNumber("zeroClaimSteps", cap.ZeroClaimSteps);
        writer.WriteNumber("increase", Normalize(cap.Increase));
        writer.WriteNumber("decrease", Normalize(cap.Decrease));
        writer.WriteNumber("effective", Normalize(cap.Effective));
        writer.WriteStartArray("lines");
        foreach (var line in cap.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", line.Kind switch
            {
                CapLineKind.Continuous => "continuous",
                CapLineKind.ZeroClaim => "zeroClaim",
                CapLineKind.BreakPenalty => "breakPenalty",
                _ => "ceiling",
            });
            writer.WriteNumber("year", line.Year);
            if (line.BreakYears is { } b)
            {
                writer.WriteNumber("breakYears", b);
            }

            writer.WriteNumber("amount", Normalize(line.Amount));
            if (line.Kind == CapLineKind.ZeroClaim)
            {
                writer.WriteBoolean("noClaimsRecorded", line.NoClaimsRecorded);
            }

            if (line.Bounds is { } bounds)
            {
                writer.WriteString("bounds", bounds);
            }

            writer.WriteString("citation", line.Citation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDecision(Utf8JsonWriter writer, WaitingPeriodDecision? decision)
    {
        if (decision is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteBoolean("required", decision.Required);
        writer.WriteString("reason", ReasonName(decision.Reason));
        writer.WriteNumber("breakYears", decision.BreakYears);
        writer.WriteNumber("fixedMonths", decision.FixedMonths);
        writer.WriteNumber("variableMonths", decision.VariableMonths);
        writer.WriteNumber("repairedMonths", decision.RepairedMonths);
        writer.WriteNumber("totalMonths", decision.TotalMonths);
        WriteDate(writer, "firstDay", decision.FirstDay);
        WriteDate(writer, "lastDay", decision.LastDay);
        WriteDate(writer, "benefitsFrom", decision.BenefitsFrom);
        if (decision.CarriedOverFrom is { } from)
        {
            writer.WriteNumber("carriedOverFrom", from);
        }
        else
        {
            writer.WriteNull("carriedOverFrom");
        }

        writer.WriteStartArray("repairOptions");
        foreach (var option in decision.RepairOptions)
        {
            writer.WriteStartObject();
            writer.WriteNumber("years", option.Years);
            writer.WriteNumber("totalMonths", option.TotalMonths);
            WriteDate(writer, "benefitsFrom", option.BenefitsFrom);
            writer.WriteNumber("cost", Normalize(option.Cost));
            writer.WriteBoolean("shortens", option.Shortens);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("citation", decision.Citation);
        writer.WriteEndObject();
    }

    public static string ReasonName(WaitingReason reason) => reason switch
    {
        WaitingReason.Newborn => "newborn",
        WaitingReason.ExemptGroup => "exemptGroup",
        WaitingReason.SchemeSwitch => "schemeSwitch",
        WaitingReason.OnTime => "onTime",
        WaitingReason.Waiting => "waiting",
        _ => "notApplicable",
    };

    private static void WriteDate(Utf8JsonWriter writer, string name, DateOnly? date)
    {
        if (date is not { } d)
        {
            writer.WriteNull(name);
            return;
        }

        Span<byte> buffer = stackalloc byte[10];
        d.TryFormat(buffer, out _, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer);
    }

    // 6000.00 and 6000 are the same number; write the shortest form.
    private static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;
}

/// <summary>A mapped request, or the error that stopped it.</summary>
public readonly record struct CalculationOutcomeOrInput
{
    private CalculationOutcomeOrInput(CalculationInput? input, CalculationError? error) => (Input, Error) = (input, error);

    public CalculationInput? Input { get; }

    public CalculationError? Error { get; }

    public static implicit operator CalculationOutcomeOrInput(CalculationInput input) => new(input, null);

    public static implicit operator CalculationOutcomeOrInput(CalculationError error) => new(null, error);
}
