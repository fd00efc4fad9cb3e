using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Web.Security;

namespace MedicalInsurance.Web.Api;

/// <summary>The body of <c>POST /api/v1/persons/calc</c>: the ID number travels in the body, never in a URL.</summary>
public sealed record PersonCalcRequest(string IdNumber, int? CoverageYear);

/// <summary>The calculation API (CALC-CONTRACT.md): the contract's own mapping, 400 with the error shape for a bad request.</summary>
internal static class CalcEndpoints
{
    private const int MaxBody = 1 << 20;

    public static void MapCalcApi(this IEndpointRouteBuilder app)
    {
        // No status-code pages here: an API answers 401/403/404 with its own body, never with a page.
        var api = app.MapGroup("/api/v1").DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());
        api.MapPost("/calc", CalcAsync).RequireAuthorization(AuthorizationSetup.ApiAnyRole).WithName("calc")
            .WithSummary("按请求中的参保记录计算").WithDescription("请求和响应见 CALC-CONTRACT.md；originalCap 省略时取统筹地区参数。错误返回 400 和 {error:{field,message}}。")
            .Accepts<CalcRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json").Produces(StatusCodes.Status400BadRequest, contentType: "application/json");
        api.MapPost("/persons/calc", PersonCalcAsync).RequireAuthorization(AuthorizationSetup.ApiPersons).WithName("personsCalc")
            .WithSummary("按档案计算（辖区内）").WithDescription("请求体 {\"idNumber\": \"…\", \"coverageYear\": 年度（可省略，默认今年）}。辖区外或不存在均返回 404。")
            .Accepts<PersonCalcRequest>("application/json").Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status404NotFound, contentType: "application/json").Produces(StatusCodes.Status429TooManyRequests, contentType: "application/json");
    }

    /// <summary>
    /// Only in the "Benchmark" environment: the same pipeline and request reading, no calculation — the baseline the
    /// calculation's throughput is compared with (docs/benchmarks.md).
    /// </summary>
    public static void MapBenchmarkBaseline(this IEndpointRouteBuilder app)
    {
        app.MapPost("/bench/bare", async (HttpContext context) =>
        {
            var body = await ReadBodyAsync(context.Request);
            var request = body is null ? null : JsonSerializer.Deserialize(body, CalcJsonContext.Default.CalcRequest);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(request?.Province is null ? "{\"ok\":false}" : "{\"ok\":true}", context.RequestAborted);
        }).RequireAuthorization(AuthorizationSetup.ApiAnyRole).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.SkipStatusCodePagesAttribute());
    }

    /// <summary>A stateless calculation: C may be left out and is then the pooling region's parameter.</summary>
    private static async Task CalcAsync(HttpContext context, PolicyCatalogProvider catalogs, TimeProvider time)
    {
        var body = await ReadBodyAsync(context.Request);
        var catalog = await catalogs.GetAsync(context.RequestAborted);
        var outcome = body is null
            ? new CalculationError("", "请求体须为不超过1 MiB的JSON对象")
            : Calculate(CalcContract.Read(body, catalog, ChinaCalendar.Today(time), originalCapFromParameters: true));
        await WriteAsync(context, outcome);
    }

    /// <summary>The stored file of the person whose ID number is in the body (never in the URL), within the caller's scope.</summary>
    private static async Task PersonCalcAsync(HttpContext context, PersonLookup lookup, PolicyCatalogProvider catalogs, TimeProvider time)
    {
        var scope = UserScope.From(context.User, RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString());
        var body = await ReadBodyAsync(context.Request);
        if (scope is null || body is null || !TryReadPersonRequest(body, out var idNumber, out var year))
        {
            await WriteAsync(context, new CalculationError("idNumber", "请求体须为 {\"idNumber\": \"…\", \"coverageYear\": 年度（可省略）}"));
            return;
        }

        var today = ChinaCalendar.Today(time);
        switch (await lookup.FindByIdNumberAsync(scope, idNumber!, context.RequestAborted))
        {
            case LookupOutcome.Found found:
                var catalog = await catalogs.GetAsync(context.RequestAborted);
                await WriteAsync(context, FileCalculator.Calculate(found.File, year ?? today.Year, today, catalog, RegionDirectory.Shipped));
                break;
            case LookupOutcome.Invalid invalid:
                await WriteAsync(context, new CalculationError("idNumber", invalid.Message));
                break;
            case LookupOutcome.TooMany tooMany:
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await WriteErrorAsync(context, new CalculationError("", tooMany.Message));
                break;
            default:
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await WriteErrorAsync(context, new CalculationError("idNumber", LookupOutcome.NotFound.Message));
                break;
        }
    }

    private static CalculationOutcome Calculate(CalculationOutcomeOrInput mapped) =>
        mapped.Error is { } error ? error : EnrollmentCalculator.Calculate(mapped.Input!);

    private static bool TryReadPersonRequest(byte[] body, out string? idNumber, out int? year)
    {
        (idNumber, year) = (null, null);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("idNumber", out var id) || id.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            idNumber = id.GetString();
            if (root.TryGetProperty("coverageYear", out var y))
            {
                if (y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var value))
                {
                    return false;
                }

                year = value;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The request body, or null when it is over 1 MiB.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task WriteAsync(HttpContext context, CalculationOutcome outcome)
    {
        if (outcome.Error is { } error)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await WriteErrorAsync(context, error);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, CalcContract.WriterOptions);
        CalcContract.WriteResult(writer, outcome.Result!);
        await writer.FlushAsync(context.RequestAborted);
    }

    internal static async Task WriteErrorAsync(HttpContext context, CalculationError error)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, CalcContract.WriterOptions);
        CalcContract.WriteError(writer, error);
        await writer.FlushAsync(context.RequestAborted);
    }
}
