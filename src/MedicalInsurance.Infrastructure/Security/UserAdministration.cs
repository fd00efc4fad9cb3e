using System.Security.Cryptography;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>
/// Creates users and API keys. Each operation runs in its own DI scope (its own context), so it is safe from a Blazor
/// circuit and from the command line alike. Passwords are generated, never built in.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time)
{
    public static UserOutcome.Invalid? Validate(NewUser user, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(regions);
        if (string.IsNullOrWhiteSpace(user.UserName) || user.UserName.Length > 64 || !user.UserName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return new UserOutcome.Invalid(nameof(NewUser.UserName), "用户名须为1–64个字母、数字或 . _ -");
        }

        if (!Roles.All.Contains(user.Role))
        {
            return new UserOutcome.Invalid(nameof(NewUser.Role), $"角色须为 {string.Join("、", Roles.All)} 之一");
        }

        var scope = regions.Find(user.ScopeCode);
        return user.Role switch
        {
            Roles.Clerk or Roles.Supervisor when scope is not null && !regions.IsServed(scope.Code) => new UserOutcome.Invalid(nameof(NewUser.ScopeCode), "辖区须在本系统所辖的省份内"),
            Roles.Clerk when scope?.Level != RegionLevel.County => new UserOutcome.Invalid(nameof(NewUser.ScopeCode), "经办员须分配到一个县级行政区划"),
            Roles.Supervisor when scope is null => new UserOutcome.Invalid(nameof(NewUser.ScopeCode), "监督员须分配到一个县、市或省"),
            Roles.Administrator when user.ScopeCode is not null => new UserOutcome.Invalid(nameof(NewUser.ScopeCode), "系统管理员不分配辖区"),
            _ => null,
        };
    }

    /// <summary>Creates the user with a generated password, returned once; audited.</summary>
    public async Task<UserOutcome> CreateAsync(NewUser user, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (Validate(user, RegionDirectory.Shipped) is { } invalid)
        {
            return invalid;
        }

        var password = GeneratePassword();
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MedicalInsuranceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var entity = new AppUser { UserName = user.UserName, DisplayName = user.DisplayName, ScopeCode = user.ScopeCode, LockoutEnabled = true };
        var created = await users.CreateAsync(entity, password);
        if (!created.Succeeded)
        {
            return new UserOutcome.Invalid(nameof(NewUser.UserName), string.Join("；", created.Errors.Select(e => Describe(e))));
        }

        await users.AddToRoleAsync(entity, user.Role);
        AuditLog.Add(db, actor, "user", null, new { user = user.UserName, role = user.Role, scope = user.ScopeCode, change = "created" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new UserOutcome.Created(user.UserName, password);
    }

    /// <summary>Sets a new generated password (the demo users get fresh ones at every start); audited.</summary>
    public async Task<string?> ResetPasswordAsync(string userName, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MedicalInsuranceDbContext>();
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return null;
        }

        var password = GeneratePassword();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.RemovePasswordAsync(user);
        await users.AddPasswordAsync(user, password);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        AuditLog.Add(db, actor, "user", null, new { user = userName, change = "password reset" });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return password;
    }

    public async Task<IReadOnlyList<(AppUser User, string Role)>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await (from u in db.Users
                       join ur in db.UserRoles on u.Id equals ur.UserId
                       join r in db.Roles on ur.RoleId equals r.Id
                       orderby u.UserName
                       select new { u, r.Name }).AsNoTracking().ToListAsync(cancellationToken))
            .Select(x => (x.u, x.Name ?? "")).ToList();
    }

    /// <summary>Creates an API key scoped like a user; the key is returned once and only its hash is kept.</summary>
    public async Task<string> CreateApiKeyAsync(string name, string role, string? scopeCode, Actor actor, CancellationToken cancellationToken = default)
    {
        if (Validate(new NewUser("api", name, role, scopeCode), RegionDirectory.Shipped) is { } invalid)
        {
            throw new ArgumentException(invalid.Message, nameof(scopeCode));
        }

        var key = "mik_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.ApiKeys.Add(new ApiKey { Name = name, KeyHash = HashKey(key), Role = role, ScopeCode = scopeCode, CreatedAt = time.GetUtcNow() });
        AuditLog.Add(db, actor, "user", null, new { apiKey = name, role, scope = scopeCode, change = "created" });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>16 characters with upper and lower case letters, digits and a symbol; no look-alikes.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "!#%+=?@";
        var all = upper + lower + digits + symbols;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static string Describe(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" => "用户名已存在",
        _ => error.Description,
    };
}
