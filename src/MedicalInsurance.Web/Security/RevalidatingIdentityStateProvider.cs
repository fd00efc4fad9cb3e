using System.Security.Claims;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Security;

/// <summary>
/// An open page (a circuit) checks every minute that its user is still who signed in: a disabled user, a reset
/// password, a new role or division renew the security stamp, and the page then asks for a new sign-in. The cookie of a
/// plain request is checked as often (<see cref="SecurityStampValidatorOptions"/> in <see cref="AuthorizationSetup"/>).
/// </summary>
internal sealed class RevalidatingIdentityStateProvider(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.AuthenticationType == ApiKeyAuthentication.SchemeName)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.GetUserAsync(principal) is not { Disabled: false } user)
        {
            return false;
        }

        return principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
