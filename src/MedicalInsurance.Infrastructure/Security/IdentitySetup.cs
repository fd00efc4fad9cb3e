using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Infrastructure.Security;

public static class IdentitySetup
{
    /// <summary>Password rules and lockout, shared by the web app and the command line.</summary>
    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = 10;
        options.Password.RequireDigit = true;
        options.Password.RequireLowercase = true;
        options.Password.RequireUppercase = true;
        options.Password.RequireNonAlphanumeric = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.Lockout.AllowedForNewUsers = true;
        options.User.RequireUniqueEmail = false;
    }

    /// <summary>Identity over the product's context (scoped, from the factory) with the scope claim on every principal.</summary>
    public static IdentityBuilder AddMedicalInsuranceIdentityCore(this IServiceCollection services)
    {
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContext());
        services.AddSingleton<UserAdministration>();
        return services.AddIdentityCore<AppUser>(Configure)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MedicalInsuranceDbContext>()
            .AddClaimsPrincipalFactory<ScopeClaimsPrincipalFactory>();
    }

    /// <summary>The three roles, created by <c>migrate</c>.</summary>
    public static async Task EnsureRolesAsync(MedicalInsuranceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var role in Roles.All)
        {
            var normalized = role.ToUpperInvariant();
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"insert into asp_net_roles (id, name, normalized_name, concurrency_stamp) values ({role}, {role}, {normalized}, {Guid.NewGuid().ToString()}) on conflict (id) do nothing",
                cancellationToken);
        }
    }
}
