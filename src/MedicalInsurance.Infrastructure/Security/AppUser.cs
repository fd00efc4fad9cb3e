using Microsoft.AspNetCore.Identity;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>The three roles of the product.</summary>
public static class Roles
{
    /// <summary>One county: look up, create files, register.</summary>
    public const string Clerk = "Clerk";

    /// <summary>One county, city or province: dashboards and look-up, read-only.</summary>
    public const string Supervisor = "Supervisor";

    /// <summary>Users, parameters, audit; sees no person's file.</summary>
    public const string Administrator = "Administrator";

    public static readonly string[] All = [Clerk, Supervisor, Administrator];

    public static string Label(string role) => role switch
    {
        Clerk => "经办员",
        Supervisor => "监督员",
        Administrator => "系统管理员",
        _ => role,
    };
}

/// <summary>A signed-in person of the office, with the division (county, city or province) they may see.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The GB/T 2260 code of the county, city or province the user is assigned; null for an administrator.</summary>
    public string? ScopeCode { get; set; }
}

/// <summary>A key another system calls the API with: scoped like a user, stored only as a hash.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the key, hex.</summary>
    public required string KeyHash { get; set; }

    public required string Role { get; set; }

    public string? ScopeCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
