using System.Globalization;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Localization;

namespace MedicalInsurance.Web.Imports;

/// <summary>
/// <c>POST /imports/{kind}</c>: an administrator's upload (multipart form with antiforgery), streamed to a temporary file
/// and imported in the background — never through the circuit; <c>GET /imports/{id}/errors</c>: the refused rows as CSV.
/// </summary>
internal static class ImportEndpoints
{
    /// <summary>Larger files belong on the command line (<c>medins import</c>).</summary>
    public const long MaxUpload = 512L * 1024 * 1024;

    public static void MapImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/imports").RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Administrator });
        // The form is read here rather than bound: routing would answer a request without a file 415 before authorization.
        imports.MapPost("/{kind}", async (HttpContext context, string kind, ImportJobs jobs, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest("antiforgery");
            }

            var file = context.Request.HasFormContentType ? (await context.Request.ReadFormAsync(context.RequestAborted)).Files["file"] : null;
            if (!Enum.TryParse<ImportKind>(kind, ignoreCase: true, out var parsed) || file is null || file.Length == 0)
            {
                return Results.Redirect("/admin/imports?error=nofile");
            }

            var path = Path.Combine(Path.GetTempPath(), $"medins-upload-{Guid.NewGuid():N}");
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await file.CopyToAsync(target, context.RequestAborted);
            }

            var scope = UserScope.From(context.User, RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString())!;
            var job = jobs.Start(parsed, path, Path.GetFileName(file.FileName), scope.Actor);
            return Results.Redirect($"/admin/imports?ticket={job.Ticket}");
        }).DisableAntiforgery().WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxUpload)).WithFormOptions(multipartBodyLengthLimit: MaxUpload);
        imports.MapGet("/{id:long}/errors", async (HttpContext context, long id, Npgsql.NpgsqlDataSource dataSource, IStringLocalizer<SharedResource> l) =>
            await ImportErrors.ExistsAsync(dataSource, id, context.RequestAborted)
                ? await Dashboards.ExportEndpoints.SendAsync(context, ImportErrors.Table(dataSource, id), ExportFormat.Csv, $"导入{id}错误行.csv")
                : Results.Text(string.Format(CultureInfo.CurrentCulture, l["没有第{0}次导入。"], id), "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound));
    }
}
