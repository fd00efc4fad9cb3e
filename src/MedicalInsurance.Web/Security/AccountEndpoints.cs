using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace MedicalInsurance.Web.Security;

internal static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /account/logout</c> from the app bar's form. The token is checked here rather than by form binding: a
    /// missing or stale token (a page left open across a restart) would otherwise throw, and answer 500 in production.
    /// </summary>
    public static void MapLogout(this IEndpointRouteBuilder app) =>
        app.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> l) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.Text(l["请求已失效，请刷新页面后再退出。"], "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).DisableAntiforgery().RequireAuthorization();
}
