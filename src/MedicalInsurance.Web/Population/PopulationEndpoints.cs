using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Web.Population;

/// <summary>
/// Downloads of the list of the uninsured (CSV or .xlsx): for door-to-door work and as an SMS list, for signed-in
/// supervisors and clerks within their scope; each audited by the service before a row is written.
/// </summary>
internal static class PopulationEndpoints
{
    public static void MapPopulation(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/exports").RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = $"{Roles.Supervisor},{Roles.Clerk}" });
        exports.MapGet("/uninsured", (HttpContext context, string? county, int? year, string? duty, string? format, PopulationExports service) =>
            SendAsync(context, county, year, duty, format, service.DoorToDoorAsync));
        exports.MapGet("/uninsured-sms", (HttpContext context, string? county, int? year, string? duty, string? format, PopulationExports service) =>
            SendAsync(context, county, year, duty, format, service.SmsAsync));
    }

    private static async Task<IResult> SendAsync(HttpContext context, string? county, int? year, string? duty, string? format,
        Func<UserScope, string, int, ListDuty, ExportFormat, CancellationToken, Task<ExportTable?>> build)
    {
        var scope = Infrastructure.Security.UserScope.From(context.User, Infrastructure.Regions.RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString());
        ExportFormat? parsedFormat = format?.ToLowerInvariant() switch { "csv" => ExportFormat.Csv, "xlsx" => ExportFormat.Xlsx, _ => null };
        if (scope is null || county is null || year is null || parsedFormat is not { } f || ParseDuty(duty) is not { } d)
        {
            return Results.BadRequest("county; year; duty: registered 或 residence; format: csv 或 xlsx");
        }

        var table = await build(scope, county, year.Value, d, f, context.RequestAborted);
        return table is null ? Results.NotFound() : await Dashboards.ExportEndpoints.SendAsync(context, table, f);
    }

    public static ListDuty? ParseDuty(string? duty) => duty?.ToLowerInvariant() switch
    {
        null or "" or "registered" => ListDuty.Registered,
        "residence" => ListDuty.Residence,
        _ => null,
    };
}
