using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Web.Reviews;

/// <summary>
/// A review's scan, for a signed-in clerk or supervisor whose scope holds the person (404 otherwise, the same as absent),
/// audited. Always a download with the type its content showed: an uploaded file is never rendered in the app's origin.
/// </summary>
internal static class ReviewEndpoints
{
    public static void MapReviewEvidence(this IEndpointRouteBuilder app) =>
        app.MapGet("/reviews/{id:long}/evidence/{evidenceId:long}", async (HttpContext context, long id, long evidenceId, FileReviews reviews) =>
        {
            if (UserScope.From(context.User, RegionDirectory.Shipped, context.Connection.RemoteIpAddress?.ToString()) is not { } scope
                || await reviews.EvidenceAsync(id, evidenceId, scope, context.RequestAborted) is not { } scan)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "no-store";
            return Results.File(scan.Content, scan.ContentType, scan.FileName);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = $"{Roles.Clerk},{Roles.Supervisor}" });
}
