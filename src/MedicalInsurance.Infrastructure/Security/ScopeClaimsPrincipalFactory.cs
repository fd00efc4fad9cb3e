using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>Adds the user's assigned division to the principal, so scope is known on every request without a query.</summary>
public sealed class ScopeClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    /// <summary>On the sign-in of a user who must replace a password an administrator issued: only the password page opens.</summary>
    public const string MustChangePasswordClaim = "mi:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        if (user.ScopeCode is { } scope)
        {
            identity.AddClaim(new Claim(UserScope.ScopeClaim, scope));
        }

        identity.AddClaim(new Claim("mi:display", user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
