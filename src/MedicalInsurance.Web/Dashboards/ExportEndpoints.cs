using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;

namespace MedicalInsurance.Web.Dashboards;

/// <summary>
/// Downloads of dashboard tables and call lists (CSV or .xlsx), for signed-in users within their scope: a dashboard's
/// tables (figures) for whoever opens the dashboard, administrators too; call lists (persons) for supervisors and clerks.
/// Written to a temporary file first — an .xlsx is a zip whose directory comes last — then streamed; nothing is kept.
/// </summary>
internal static class ExportEndpoints
{
    public static void MapExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/exports");
        exports.MapGet("/dashboard/{table}", async (HttpContext context, string table, string? code, int? year, string? format, string? population, DashboardExports service) =>
        {
            if (ParseFormat(format) is not { } f || Scope(context) is not { } scope)
            {
                return Results.BadRequest("format: csv 或 xlsx");
            }

            var export = await service.DashboardTableAsync(scope, code ?? DashboardQueries.Home(scope) ?? "", year, table, f, context.RequestAborted, PopulationBases.Parse(population));
            return export is null ? Results.NotFound() : await SendAsync(context, export, f);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Supervisor},{Roles.Clerk},{Roles.Administrator}" });
        exports.MapGet("/call-list", async (HttpContext context, string? county, string? format, DashboardExports service) =>
        {
            if (ParseFormat(format) is not { } f || Scope(context) is not { } scope || county is null)
            {
                return Results.BadRequest("format: csv 或 xlsx; county");
            }

            var export = await service.CallListAsync(scope, county, f, context.RequestAborted);
            return export is null ? Results.NotFound() : await SendAsync(context, export, f);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Supervisor},{Roles.Clerk}" });
    }

    private static UserScope? Scope(HttpContext context) =>
        UserScope.From(context.User, Infrastructure.Regions.RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString());

    private static ExportFormat? ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };

    /// <summary>Writes the table to a temporary file (deleted when sent) and answers with it as a download.</summary>
    internal static async Task<IResult> SendAsync(HttpContext context, ExportTable table, ExportFormat format, string? fileName = null)
    {
        var path = Path.GetTempFileName();
        var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await TableWriter.WriteAsync(file, table, format, context.RequestAborted);
            file.Position = 0;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }

        var name = fileName ?? $"{table.Title}.{TableWriter.Extension(format)}";
        return Results.File(file, TableWriter.ContentType(format), name);
    }
}
