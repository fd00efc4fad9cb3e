using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace MedicalInsurance.Web.Security;

internal static class AuthorizationSetup
{
    public const string ApiAnyRole = "api-any-role";
    public const string ApiPersons = "api-persons";
    public const string ApiRegister = "api-register";
    public const string ApiVoid = "api-void";

    /// <summary>Cookie sign-in for people, API keys for systems; nothing is reachable without a role unless marked anonymous.</summary>
    public static IServiceCollection AddMedicalInsuranceSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(options =>
            {
                options.LoginPath = "/account/login";
                options.AccessDeniedPath = "/account/access-denied";
                options.Cookie.Name = "medins.auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                // Secure on https, the scheme as a configured proxy reports it; the framework's default, stated.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.SlidingExpiration = true;
                // The API answers 401/403 instead of redirecting to the sign-in page.
                options.Events.OnRedirectToLogin = context => Status(context, StatusCodes.Status401Unauthorized);
                options.Events.OnRedirectToAccessDenied = context => Status(context, StatusCodes.Status403Forbidden);
            }));
        services.AddAuthentication().AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddMedicalInsuranceIdentityCore().AddSignInManager().AddDefaultTokenProviders();

        var anyRole = new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
            .RequireRole(Roles.All).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles.All).Build())
            .AddPolicy(ApiAnyRole, anyRole)
            .AddPolicy(ApiPersons, new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
                .RequireRole(Roles.Clerk, Roles.Supervisor).Build())
            // The roles of UserScope.CanRegister and UserScope.CanVoid.
            .AddPolicy(ApiRegister, new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
                .RequireRole(Roles.Clerk).Build())
            .AddPolicy(ApiVoid, new AuthorizationPolicyBuilder(IdentityConstants.ApplicationScheme, ApiKeyAuthentication.SchemeName)
                .RequireRole(Roles.Supervisor).Build());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiForbiddenHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        // A disabled user, a reset password, a new role or division end the sessions at the next check: a minute, not
        // Identity's default half hour.
        // The cookie's issue time and the check's clock are the app's clock, both.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, time) =>
        {
            o.ValidationInterval = RevalidatingIdentityStateProvider.Interval;
            o.TimeProvider = time;
        });
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<TimeProvider>((o, time) => o.TimeProvider = time);
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton<UnknownNameLockout>();
        services.AddScoped<CallerContext>();
        services.AddSingleton<ApiKeyCache>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ClientAddressCircuitHandler>();
        services.AddHttpContextAccessor();
        return services;

        static Task Status(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
        {
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                context.Response.StatusCode = status;
            }
            else
            {
                context.Response.Redirect(context.RedirectUri);
            }

            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// A signed-in caller whose role may not call an API endpoint gets 403 with the contract's error shape, as every other
/// API refusal does; pages and unauthenticated callers are handled as before.
/// </summary>
internal sealed class ApiForbiddenHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, Microsoft.AspNetCore.Authorization.Policy.PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Api.CalcEndpoints.WriteErrorAsync(context, new Domain.Calculation.CalculationError("", "您的角色不能进行此操作。"));
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
