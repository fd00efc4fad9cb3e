using System.Security.Claims;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>
/// Who is asking and which residents they may see: every service that reads or writes a person takes one. The counties
/// come from the user's assigned division; an administrator's scope holds no county.
/// </summary>
public sealed record UserScope(string UserName, string Role, string? ScopeCode, IReadOnlySet<string> Counties, string? ClientAddress)
{
    public const string ScopeClaim = "mi:scope";

    public bool Covers(string county) => Counties.Contains(county);

    public bool CanRegister => Role == Roles.Clerk;

    /// <summary>Voiding a registration made in error (作废) is a supervisor's decision, never the registering clerk's.</summary>
    public bool CanVoid => Role == Roles.Supervisor;

    public Actor Actor => new(UserName, ClientAddress);

    public static UserScope For(string userName, string role, string? scopeCode, RegionDirectory regions, string? clientAddress = null)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var counties = role == Roles.Administrator || scopeCode is null
            ? new HashSet<string>()
            : regions.CountiesWithin(scopeCode).ToHashSet(StringComparer.Ordinal);
        return new UserScope(userName, role, scopeCode, counties, clientAddress);
    }

    /// <summary>The scope of a signed-in principal (cookie or API key); null when it carries no known role.</summary>
    public static UserScope? From(ClaimsPrincipal principal, RegionDirectory regions, string? clientAddress)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var role = Roles.All.FirstOrDefault(principal.IsInRole);
        return role is null ? null : For(principal.Identity.Name ?? "?", role, principal.FindFirstValue(ScopeClaim), regions, clientAddress);
    }

    public static string NotFoundMessage => "在您的辖区内未找到该参保人。";
}
