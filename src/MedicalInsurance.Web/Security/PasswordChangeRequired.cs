using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Web.Security;

/// <summary>
/// A user signed in with a password an administrator issued reaches nothing but the password page (and signing out,
/// the language switch and static files) until they have chosen their own: pages redirect there, the API and the
/// interactive circuit answer 403.
/// </summary>
internal sealed class PasswordChangeRequired(RequestDelegate next)
{
    public const string PagePath = "/account/password";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.HasClaim(ScopeClaimsPrincipalFactory.MustChangePasswordClaim, "true") && !Allowed(context))
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api", StringComparison.Ordinal) || path.StartsWithSegments("/_blazor", StringComparison.Ordinal)
                || !HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            context.Response.Redirect(PagePath);
            return Task.CompletedTask;
        }

        return next(context);
    }

    private static bool Allowed(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments(PagePath, StringComparison.Ordinal)
            || path.StartsWithSegments("/account/logout", StringComparison.Ordinal)
            || path.StartsWithSegments("/account/login", StringComparison.Ordinal)
            || path.StartsWithSegments("/culture", StringComparison.Ordinal)
            || path.StartsWithSegments("/_framework", StringComparison.Ordinal)
            || path.StartsWithSegments("/_content", StringComparison.Ordinal)
            || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
    }
}
