using System.Text.Json;
using System.Text.Json.Serialization;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Web.Components.Pages.Registering;
using MedicalInsurance.Web.Security;

namespace MedicalInsurance.Web.Api;

/// <summary>The body of <c>POST /api/v1/registrations</c>: what the registration page takes, the person by ID number.</summary>
public sealed class RegistrationApiRequest
{
    public string? IdNumber { get; set; }

    public int? CoverageYear { get; set; }

    public DateOnly? PaidOn { get; set; }

    /// <summary>Yuan paid, where known.</summary>
    public decimal? Amount { get; set; }

    /// <summary><c>ordinary</c> (default), <c>medicalAid</c>, <c>veteran</c>, <c>veteranSpouse</c>, <c>hardship</c>.</summary>
    public string? Group { get; set; }

    public int? RepairYears { get; set; }

    /// <summary>For a switch from employee insurance: the last day of that cover.</summary>
    public DateOnly? PreviousCoverageEndedOn { get; set; }

    public bool? GapBackPaid { get; set; }

    /// <summary>The caller's key for this request: sent again (after a timeout, a crash), the first answer comes back.</summary>
    public string? IdempotencyKey { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RegistrationApiRequest))]
[JsonSerializable(typeof(VoidApiRequest))]
internal sealed partial class RegistrationJsonContext : JsonSerializerContext;

/// <summary>
/// Registration for another system (the tax or counter system) through the page's own path —
/// <see cref="Registrations.RegisterAsync"/>, its validator and scope — and a supervisor's void.
/// </summary>
internal static class RegistrationEndpoints
{
    public const int MaxKeyLength = 100;

    public static void MapRegistrationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());
        api.MapPost("/registrations", RegisterAsync).RequireAuthorization(AuthorizationSetup.ApiRegister).WithName("register")
            .WithSummary("迟参保登记（经办员，辖区内）")
            .WithDescription("与登记页面同一事务：参保记录、登记及告知快照、补缴、档案结果与审计。idempotencyKey 必填：同一调用方以同一键重发同一请求，返回首次的答复（头 Idempotent-Replayed: true），不重复登记。"
                + "答复 201 {registrationId, decision}，decision 为 CALC-CONTRACT.md 的 waitingPeriod 对象。错误为 {error:{field,message}}：400 请求有误或规则拒绝，404 辖区外或不存在，409 该年度已登记或幂等键已用于另一请求，403 角色不能登记。")
            .Accepts<RegistrationApiRequest>("application/json").Produces(StatusCodes.Status201Created, contentType: "application/json")
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json").Produces(StatusCodes.Status403Forbidden, contentType: "application/json")
            .Produces(StatusCodes.Status404NotFound, contentType: "application/json").Produces(StatusCodes.Status409Conflict, contentType: "application/json");
        api.MapPost("/registrations/{id:long}/void", VoidAsync).RequireAuthorization(AuthorizationSetup.ApiVoid).WithName("voidRegistration")
            .WithSummary("作废误登记（监督员，辖区内）")
            .WithDescription("请求体 {\"reason\": \"作废原因\"}（必填）。删除该登记的参保记录和补缴，登记保留快照并标记作废，重算档案结果，记审计。"
                + "答复 200 {registrationId, voidedAt}；400 缺少原因，404 辖区外或不存在，409 已作废，403 角色不能作废。")
            .Accepts<VoidApiRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status400BadRequest, contentType: "application/json").Produces(StatusCodes.Status403Forbidden, contentType: "application/json")
            .Produces(StatusCodes.Status404NotFound, contentType: "application/json").Produces(StatusCodes.Status409Conflict, contentType: "application/json");
    }

    private static async Task RegisterAsync(HttpContext context, Registrations registrations, TimeProvider time)
    {
        var scope = UserScope.From(context.User, RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString());
        if (scope is null)
        {
            await ErrorAsync(context, StatusCodes.Status403Forbidden, new CalculationError("", "您的角色不能登记。"));
            return;
        }

        var body = await CalcEndpoints.ReadBodyAsync(context.Request);
        var read = body is null ? (null, new CalculationError("", "请求体须为不超过1 MiB的JSON对象")) : Read(body, ChinaCalendar.Today(time));
        if (read.Error is { } invalid)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, invalid);
            return;
        }

        var (idNumber, pending) = read.Request!.Value;
        if (await registrations.PersonIdAsync(idNumber, scope, context.RequestAborted) is not { } personId)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, new CalculationError("idNumber", RegistrationOutcome.NotFound.Message));
            return;
        }

        switch (await registrations.RegisterAsync(pending with { PersonId = personId }, scope, context.RequestAborted))
        {
            case RegistrationOutcome.Registered registered:
                await AnswerAsync(context, registered.RegistrationId, registered.Snapshot);
                break;
            case RegistrationOutcome.Repeated repeated:
                context.Response.Headers["Idempotent-Replayed"] = "true";
                await AnswerAsync(context, repeated.RegistrationId, repeated.Snapshot);
                break;
            case RegistrationOutcome.AlreadyRegistered already:
                await ErrorAsync(context, StatusCodes.Status409Conflict, new CalculationError("coverageYear", already.Message));
                break;
            case RegistrationOutcome.KeyReused:
                await ErrorAsync(context, StatusCodes.Status409Conflict, new CalculationError("idempotencyKey", RegistrationOutcome.KeyReused.Message));
                break;
            case RegistrationOutcome.Refused refused:
                await ErrorAsync(context, StatusCodes.Status400BadRequest, refused.Error);
                break;
            case RegistrationOutcome.NotAllowed:
                await ErrorAsync(context, StatusCodes.Status403Forbidden, new CalculationError("", "您的角色不能登记。"));
                break;
            default:
                await ErrorAsync(context, StatusCodes.Status404NotFound, new CalculationError("idNumber", RegistrationOutcome.NotFound.Message));
                break;
        }
    }

    private static async Task VoidAsync(long id, HttpContext context, Registrations registrations)
    {
        var scope = UserScope.From(context.User, RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString());
        var body = await CalcEndpoints.ReadBodyAsync(context.Request);
        VoidApiRequest? request;
        try
        {
            request = body is null || !IsJson(body) ? null : JsonSerializer.Deserialize(body, RegistrationJsonContext.Default.VoidApiRequest);
        }
        catch (JsonException ex)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, CalcContract.TypeError(ex.Path));
            return;
        }

        if (request is null)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, new CalculationError("", "请求体须为 {\"reason\": \"作废原因\"}"));
            return;
        }

        var outcome = scope is null ? new VoidOutcome.NotAllowed() : await registrations.VoidAsync(id, request.Reason, scope, context.RequestAborted);
        switch (outcome)
        {
            case VoidOutcome.Voided voided:
                context.Response.ContentType = "application/json; charset=utf-8";
                await using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, CalcContract.WriterOptions))
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("registrationId", voided.RegistrationId);
                    writer.WriteString("voidedAt", voided.VoidedAt);
                    writer.WriteEndObject();
                    await writer.FlushAsync(context.RequestAborted);
                }

                break;
            case VoidOutcome.Refused refused:
                await ErrorAsync(context, StatusCodes.Status400BadRequest, new CalculationError("reason", refused.Message));
                break;
            case VoidOutcome.AlreadyVoided already:
                await ErrorAsync(context, StatusCodes.Status409Conflict, new CalculationError("", already.Message));
                break;
            case VoidOutcome.NotAllowed:
                await ErrorAsync(context, StatusCodes.Status403Forbidden, new CalculationError("", "您的角色不能作废登记。"));
                break;
            default:
                await ErrorAsync(context, StatusCodes.Status404NotFound, new CalculationError("", VoidOutcome.NotFound.Message));
                break;
        }
    }

    /// <summary>
    /// The body read and checked by the page's own validator (each field on its own), before anything is looked up: a
    /// bad request is 400 whether or not the person exists.
    /// </summary>
    private static ((string IdNumber, RegistrationRequest Pending)? Request, CalculationError? Error) Read(byte[] body, DateOnly today)
    {
        if (!IsJson(body))
        {
            return (null, new CalculationError("", "请求须为合法的JSON对象"));
        }

        RegistrationApiRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, RegistrationJsonContext.Default.RegistrationApiRequest);
        }
        catch (JsonException ex)
        {
            return (null, CalcContract.TypeError(ex.Path));
        }

        if (request is null)
        {
            return (null, new CalculationError("", "请求须为JSON对象"));
        }

        if (string.IsNullOrEmpty(request.IdNumber))
        {
            return (null, new CalculationError("idNumber", "缺少身份证号码（idNumber）"));
        }

        if (!IdNumber.TryParse(request.IdNumber, out var idNumber, out var idError))
        {
            return (null, new CalculationError("idNumber", idError ?? "身份证号码不正确"));
        }

        if (request.CoverageYear is not { } year)
        {
            return (null, new CalculationError("coverageYear", "缺少参保年度（coverageYear）"));
        }

        if (CalcContract.ParseGroup(request.Group) is not { } group)
        {
            return (null, new CalculationError("group", $"未知的人员类别：{request.Group}（可用：ordinary、medicalAid、veteran、veteranSpouse、hardship）"));
        }

        if (request.GapBackPaid == true && request.PreviousCoverageEndedOn is null)
        {
            return (null, new CalculationError("gapBackPaid", "中断期间已补缴（gapBackPaid）须与职工医保终止日期（previousCoverageEndedOn）一同填写"));
        }

        var form = new RegistrationForm
        {
            CoverageYear = year,
            PaidOn = request.PaidOn?.ToDateTime(TimeOnly.MinValue),
            Amount = request.Amount,
            Group = group,
            RepairYears = request.RepairYears ?? 0,
            FromEmployeeInsurance = request.PreviousCoverageEndedOn is not null,
            PreviousCoverageEndedOn = request.PreviousCoverageEndedOn?.ToDateTime(TimeOnly.MinValue),
            GapBackPaid = request.GapBackPaid ?? false,
        };
        // The person's province is known only after the look-up; the mechanism's start year is the national one for all four.
        var startYear = Domain.Provinces.PolicyCatalog.Shipped.TryResolve("national", null, out var national) ? national.ForYear(today.Year).StartYear.Value : today.Year;
        if (new RegistrationFormValidator(today, startYear).Validate(form).Errors.FirstOrDefault() is { } failure)
        {
            // The form's properties are the body's fields, camel-cased.
            return (null, new CalculationError(JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName), failure.ErrorMessage));
        }

        if (request.IdempotencyKey is not { Length: > 0 and <= MaxKeyLength } key || key.Any(char.IsControl))
        {
            return (null, new CalculationError("idempotencyKey", $"须提供幂等键（idempotencyKey）：1至{MaxKeyLength}个字符，同一请求重发时不变"));
        }

        var pending = new PendingEnrollment(year, request.PaidOn!.Value, group, null, form.RepairYears, request.PreviousCoverageEndedOn, form.GapBackPaid);
        return ((idNumber.Value, new RegistrationRequest(0, pending, request.Amount, key)), null);
    }

    /// <summary>
    /// Whether the body is well-formed JSON at all: the serializer reports a cut-off body at the last field it reached,
    /// which would blame that field for what is the whole body's fault.
    /// </summary>
    private static bool IsJson(byte[] body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Always from the stored snapshot: the first answer and every retry's are the same bytes.</summary>
    private static async Task AnswerAsync(HttpContext context, long registrationId, string snapshot)
    {
        context.Response.StatusCode = StatusCodes.Status201Created;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, CalcContract.WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("registrationId", registrationId);
        writer.WritePropertyName("decision");
        writer.WriteRawValue(Registrations.DecisionOf(snapshot), skipInputValidation: true);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task ErrorAsync(HttpContext context, int status, CalculationError error)
    {
        context.Response.StatusCode = status;
        await CalcEndpoints.WriteErrorAsync(context, error);
    }
}
