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
    public static CalculationOutcomeOrInput Read(ReadOnlySpan<byte> utf8Json, PolicyCatalog catalog, DateOnly today, bool originalCapFromParameters = false)
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

        return request is null ? new CalculationError("", "请求须为JSON对象") : Map(request, catalog, today, originalCapFromParameters);
    }

    public static CalculationOutcomeOrInput Read(string json, PolicyCatalog catalog, DateOnly today, bool originalCapFromParameters = false) =>
        Read(System.Text.Encoding.UTF8.GetBytes(json), catalog, today, originalCapFromParameters);

    /// <summary>
    /// Maps a request already deserialized (the web API's model binding) onto the domain. With
    /// <paramref name="originalCapFromParameters"/> (a database's parameters are at hand) a missing originalCap is the
    /// pooling region's (or the province's) parameter for the year.
    /// </summary>
    public static CalculationOutcomeOrInput Map(CalcRequest request, PolicyCatalog catalog, DateOnly today, bool originalCapFromParameters = false)
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

        var fromParameters = originalCapFromParameters && year is >= RegionPolicy.MinYear and <= RegionPolicy.MaxYear ? policy.ForYear(year).OriginalCap?.Value : null;
        if ((request.OriginalCap ?? fromParameters) is not { } cap)
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
                RepairYears = item.RepairYears ?? 0,
                PreviousCoverageEndedOn = item.PreviousCoverageEndedOn,
                GapBackPaid = item.GapBackPaid ?? false,
            };
        }

        return new CalculationInput
        {
            Policy = policy,
            CoverageYear = year,
            OriginalCap = cap,
            BirthDate = request.BirthDate,
            AsOf = request.AsOf ?? today,
            RepairYears = request.RepairYears,
            PreviousCoverageEndedOn = request.PreviousCoverageEndedOn,
            GapBackPaid = request.GapBackPaid,
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

    /// <summary>A group's contract name (absent = <c>ordinary</c>); null for a name the contract does not know.</summary>
    public static EnrollmentGroup? ParseGroup(string? value) => value switch
    {
        null or "ordinary" => EnrollmentGroup.Ordinary,
        "medicalAid" => EnrollmentGroup.MedicalAid,
        "veteran" => EnrollmentGroup.Veteran,
        "veteranSpouse" => EnrollmentGroup.VeteranSpouse,
        "hardship" => EnrollmentGroup.Hardship,
        _ => null,
    };

    /// <summary>The error for a value of the wrong JSON type at <paramref name="path"/> (a <see cref="JsonException"/>'s path).</summary>
    public static CalculationError TypeError(string? path)
    {
        var field = path is null or "$" ? "" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var name = field.Contains('.', StringComparison.Ordinal) ? field[(field.LastIndexOf('.') + 1)..] : field;
        var message = name switch
        {
            "" => "请求须为合法的JSON对象",
            "coverageYear" or "year" or "repairYears" => "须为JSON整数",
            "asOf" or "birthDate" or "paidOn" or "previousCoverageEndedOn" => "须为YYYY-MM-DD格式的日期",
            "originalCap" or "fundReimbursed" or "catastrophicPaid" or "amount" => "金额须为JSON数字（元）",
            "idNumber" or "idempotencyKey" or "reason" => "须为JSON字符串",
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
        writer.WriteNumber(N.CoverageYear, result.CoverageYear);
        writer.WritePropertyName(N.Cap);
        WriteCap(writer, result.Cap);
        writer.WritePropertyName(N.WaitingPeriod);
        WriteDecision(writer, result.WaitingPeriod);
        writer.WriteStartArray(N.Parameters);
        foreach (var p in result.Parameters)
        {
            var encoded = Encode(p);
            writer.WriteStartObject();
            writer.WriteString(N.Name, encoded.Name);
            writer.WriteNumber(N.Year, p.Year);
            if (p.Number is { } number)
            {
                writer.WriteNumber(N.Value, Normalize(number));
            }
            else
            {
                writer.WriteString(N.Value, encoded.Text);
            }

            writer.WriteString(N.Status, p.Status switch
            {
                ParameterStatus.Confirmed => N.Confirmed,
                ParameterStatus.Interpretation => N.Interpretation,
                _ => N.Unconfirmed,
            });
            writer.WriteString(N.Citation, encoded.Citation);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray(N.Notes);
        foreach (var note in result.Notes)
        {
            writer.WriteStringValue(Encode(note));
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
        writer.WriteStartObject(N.Error);
        writer.WriteString(N.Field, error.Field);
        writer.WriteString(N.Message, error.Message);
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
        writer.WriteNumber(N.Original, Normalize(cap.Original));
        writer.WriteNumber(N.ContinuousSteps, cap.ContinuousSteps);
        writer.WriteNumber(N.ZeroClaimSteps, cap.ZeroClaimSteps);
        writer.WriteNumber(N.Increase, Normalize(cap.Increase));
        writer.WriteNumber(N.Decrease, Normalize(cap.Decrease));
        writer.WriteNumber(N.Effective, Normalize(cap.Effective));
        writer.WriteStartArray(N.Lines);
        foreach (var line in cap.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString(N.Kind, line.Kind switch
            {
                CapLineKind.Continuous => N.Continuous,
                CapLineKind.ZeroClaim => N.ZeroClaim,
                CapLineKind.BreakPenalty => N.BreakPenalty,
                _ => N.Ceiling,
            });
            writer.WriteNumber(N.Year, line.Year);
            if (line.BreakYears is { } b)
            {
                writer.WriteNumber(N.BreakYears, b);
            }

            writer.WriteNumber(N.Amount, Normalize(line.Amount));
            if (line.Kind == CapLineKind.ZeroClaim)
            {
                writer.WriteBoolean(N.NoClaimsRecorded, line.NoClaimsRecorded);
                if (line.Provisional)
                {
                    writer.WriteBoolean(N.Provisional, true);
                }
            }

            if (line.Bounds is { } bounds)
            {
                writer.WriteString(N.Bounds, bounds);
            }

            writer.WriteString(N.Citation, Encode(line.Citation));
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
        writer.WriteBoolean(N.Required, decision.Required);
        writer.WriteString(N.Reason, ReasonName(decision.Reason));
        writer.WriteNumber(N.BreakYears, decision.BreakYears);
        writer.WriteNumber(N.FixedMonths, decision.FixedMonths);
        writer.WriteNumber(N.VariableMonths, decision.VariableMonths);
        writer.WriteNumber(N.RepairedMonths, decision.RepairedMonths);
        writer.WriteNumber(N.TotalMonths, decision.TotalMonths);
        WriteDate(writer, N.FirstDay, decision.FirstDay);
        WriteDate(writer, N.LastDay, decision.LastDay);
        WriteDate(writer, N.BenefitsFrom, decision.BenefitsFrom);
        if (decision.CarriedOverFrom is { } from)
        {
            writer.WriteNumber(N.CarriedOverFrom, from);
        }
        else
        {
            writer.WriteNull(N.CarriedOverFrom);
        }

        writer.WriteStartArray(N.RepairOptions);
        foreach (var option in decision.RepairOptions)
        {
            writer.WriteStartObject();
            writer.WriteNumber(N.Years, option.Years);
            writer.WriteNumber(N.TotalMonths, option.TotalMonths);
            WriteDate(writer, N.BenefitsFrom, option.BenefitsFrom);
            writer.WriteNumber(N.Cost, Normalize(option.Cost));
            writer.WriteBoolean(N.Shortens, option.Shortens);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString(N.Citation, Encode(decision.Citation));
        writer.WriteEndObject();
    }

    // Names and the texts of the policy data are encoded to UTF-8 once, not on every response.
    private sealed record EncodedParameter(JsonEncodedText Name, JsonEncodedText Text, JsonEncodedText Citation);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PolicyParameter, EncodedParameter> Parameters = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonEncodedText> Texts = new(ReferenceEqualityComparer.Instance);

    private static EncodedParameter Encode(PolicyParameter p) =>
        Parameters.GetValue(p, static p => new EncodedParameter(
            JsonEncodedText.Encode(p.Name, WriterOptions.Encoder), JsonEncodedText.Encode(p.Text ?? "", WriterOptions.Encoder), JsonEncodedText.Encode(p.Citation, WriterOptions.Encoder)));

    // Citations and notes come from the policy data and are few; an unexpected text is encoded without being kept.
    private static JsonEncodedText Encode(string text) =>
        Texts.TryGetValue(text, out var encoded) ? encoded
        : Texts.Count < 10_000 ? Texts.GetOrAdd(text, static t => JsonEncodedText.Encode(t, WriterOptions.Encoder))
        : JsonEncodedText.Encode(text, WriterOptions.Encoder);

    private static class N
    {
        public static readonly JsonEncodedText CoverageYear = JsonEncodedText.Encode("coverageYear");
        public static readonly JsonEncodedText Cap = JsonEncodedText.Encode("cap");
        public static readonly JsonEncodedText WaitingPeriod = JsonEncodedText.Encode("waitingPeriod");
        public static readonly JsonEncodedText Parameters = JsonEncodedText.Encode("parameters");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText Year = JsonEncodedText.Encode("year");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText Citation = JsonEncodedText.Encode("citation");
        public static readonly JsonEncodedText Notes = JsonEncodedText.Encode("notes");
        public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
        public static readonly JsonEncodedText Field = JsonEncodedText.Encode("field");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Original = JsonEncodedText.Encode("original");
        public static readonly JsonEncodedText ContinuousSteps = JsonEncodedText.Encode("continuousSteps");
        public static readonly JsonEncodedText ZeroClaimSteps = JsonEncodedText.Encode("zeroClaimSteps");
        public static readonly JsonEncodedText Increase = JsonEncodedText.Encode("increase");
        public static readonly JsonEncodedText Decrease = JsonEncodedText.Encode("decrease");
        public static readonly JsonEncodedText Effective = JsonEncodedText.Encode("effective");
        public static readonly JsonEncodedText Lines = JsonEncodedText.Encode("lines");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText BreakYears = JsonEncodedText.Encode("breakYears");
        public static readonly JsonEncodedText Amount = JsonEncodedText.Encode("amount");
        public static readonly JsonEncodedText NoClaimsRecorded = JsonEncodedText.Encode("noClaimsRecorded");
        public static readonly JsonEncodedText Bounds = JsonEncodedText.Encode("bounds");
        public static readonly JsonEncodedText Required = JsonEncodedText.Encode("required");
        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");
        public static readonly JsonEncodedText FixedMonths = JsonEncodedText.Encode("fixedMonths");
        public static readonly JsonEncodedText VariableMonths = JsonEncodedText.Encode("variableMonths");
        public static readonly JsonEncodedText RepairedMonths = JsonEncodedText.Encode("repairedMonths");
        public static readonly JsonEncodedText TotalMonths = JsonEncodedText.Encode("totalMonths");
        public static readonly JsonEncodedText FirstDay = JsonEncodedText.Encode("firstDay");
        public static readonly JsonEncodedText LastDay = JsonEncodedText.Encode("lastDay");
        public static readonly JsonEncodedText BenefitsFrom = JsonEncodedText.Encode("benefitsFrom");
        public static readonly JsonEncodedText CarriedOverFrom = JsonEncodedText.Encode("carriedOverFrom");
        public static readonly JsonEncodedText RepairOptions = JsonEncodedText.Encode("repairOptions");
        public static readonly JsonEncodedText Years = JsonEncodedText.Encode("years");
        public static readonly JsonEncodedText Cost = JsonEncodedText.Encode("cost");
        public static readonly JsonEncodedText Shortens = JsonEncodedText.Encode("shortens");
        public static readonly JsonEncodedText Confirmed = JsonEncodedText.Encode("confirmed");
        public static readonly JsonEncodedText Unconfirmed = JsonEncodedText.Encode("unconfirmed");
        public static readonly JsonEncodedText Interpretation = JsonEncodedText.Encode("interpretation");
        public static readonly JsonEncodedText Provisional = JsonEncodedText.Encode("provisional");
        public static readonly JsonEncodedText Continuous = JsonEncodedText.Encode("continuous");
        public static readonly JsonEncodedText ZeroClaim = JsonEncodedText.Encode("zeroClaim");
        public static readonly JsonEncodedText BreakPenalty = JsonEncodedText.Encode("breakPenalty");
        public static readonly JsonEncodedText Ceiling = JsonEncodedText.Encode("ceiling");
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

    private static void WriteDate(Utf8JsonWriter writer, JsonEncodedText name, DateOnly? date)
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

    // 6000.00 and 6000 are the same number; write the shortest form (decimal division, the general way, is slow).
    private static decimal Normalize(decimal value) =>
        value.Scale == 0 ? value
        : decimal.Truncate(value) == value ? decimal.Truncate(value)
        : value / 1.0000000000000000000000000000m;
}
