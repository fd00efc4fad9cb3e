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
