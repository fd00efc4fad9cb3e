using Microsoft.AspNetCore.Identity;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>A signed-in person of the office, with the division (county, city or province) they may see.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The GB/T 2260 code of the county, city or province the user is assigned; null for an administrator.</summary>
    public string? ScopeCode { get; set; }

    /// <summary>Switched off by an administrator: the password is still checked, but the user cannot sign in.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// The password was set by an administrator (a reset) and shown once: the user must choose their own at the next
    /// sign-in before any other page opens.
    /// </summary>
    public bool MustChangePassword { get; set; }
}
