using System.Security.Cryptography;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Infrastructure.Security;

/// <summary>
/// Creates and changes users and API keys. Each operation runs in its own DI scope (its own context) and transaction, so
/// it is safe from a Blazor circuit and from the command line alike; each change is audited in that transaction.
/// Passwords are generated, never built in. A change that alters what a signed-in user may do (role, scope, disabling,
/// a reset) renews the user's security stamp, so their open sessions end at the next check (a minute at most).
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

    /// <summary>
    /// Sets a new generated password that the user keeps (the demo users get fresh ones at every start); audited. Null
    /// when there is no such user.
    /// </summary>
    public async Task<string?> ResetPasswordAsync(string userName, Actor actor, CancellationToken cancellationToken = default) =>
        await ResetPasswordAsync(userName, actor, mustChange: false, cancellationToken) is AccountOutcome.PasswordIssued issued ? issued.Password : null;

    /// <summary>
    /// An administrator's reset: a generated one-time password, returned once, which the user must replace at the next
    /// sign-in (<paramref name="mustChange"/>); the account is unlocked and its open sessions end. Audited.
    /// </summary>
    public Task<AccountOutcome> ResetPasswordAsync(string userName, Actor actor, bool mustChange, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, actor, "password reset", async (users, user) =>
        {
            var password = GeneratePassword();
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password));
            user.MustChangePassword = mustChange;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Check(await users.UpdateAsync(user));
            return (new AccountOutcome.PasswordIssued(user.UserName!, password), new { mustChange });
        }, cancellationToken);

    /// <summary>Ends a lockout (five wrong passwords) before its time; audited with the time it would have ended.</summary>
    public Task<AccountOutcome> UnlockAsync(string userName, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, actor, "unlocked", async (users, user) =>
        {
            var until = user.LockoutEnd;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Check(await users.UpdateAsync(user));
            return (new AccountOutcome.Done(), new { lockedUntil = until });
        }, cancellationToken);

    /// <summary>
    /// Disables or re-enables a user. A disabled user's password is still checked, but they cannot sign in, and their open
    /// sessions end. An administrator cannot disable themselves, nor the last enabled administrator. Audited.
    /// </summary>
    public Task<AccountOutcome> SetDisabledAsync(string userName, bool disabled, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, actor, disabled ? "disabled" : "enabled", async (users, user) =>
        {
            if (disabled && string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
            {
                return (new AccountOutcome.Invalid(nameof(AppUser.Disabled), "不能停用自己的账户。"), null);
            }

            if (disabled && await IsLastAdministratorAsync(users, user))
            {
                return (new AccountOutcome.Invalid(nameof(AppUser.Disabled), "不能停用唯一可用的系统管理员。"), null);
            }

            user.Disabled = disabled;
            Check(await users.UpdateSecurityStampAsync(user));
            return (new AccountOutcome.Done(), null);
        }, cancellationToken);

    /// <summary>
    /// Gives a user another role or division, checked as a new user's are; their open sessions end (the role and division
    /// travel in the sign-in). An administrator cannot change their own role, nor demote the last enabled administrator.
    /// Audited with before and after.
    /// </summary>
    public Task<AccountOutcome> ChangeRoleAsync(string userName, string role, string? scopeCode, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, actor, "role changed", async (users, user) =>
        {
            if (Validate(new NewUser(user.UserName!, user.DisplayName, role, scopeCode), RegionDirectory.Shipped) is { } invalid)
            {
                return (new AccountOutcome.Invalid(invalid.Field, invalid.Message), null);
            }

            var roles = await users.GetRolesAsync(user);
            var before = new { role = roles.FirstOrDefault(), scope = user.ScopeCode };
            if (before.role == role && before.scope == scopeCode)
            {
                return (new AccountOutcome.Invalid(nameof(NewUser.Role), "角色和辖区没有变化。"), null);
            }

            if (before.role != role && string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
            {
                return (new AccountOutcome.Invalid(nameof(NewUser.Role), "不能修改自己的角色。"), null);
            }

            if (before.role == Roles.Administrator && role != Roles.Administrator && await IsLastAdministratorAsync(users, user))
            {
                return (new AccountOutcome.Invalid(nameof(NewUser.Role), "不能取消唯一可用的系统管理员的角色。"), null);
            }

            if (before.role != role)
            {
                Check(await users.RemoveFromRolesAsync(user, roles));
                Check(await users.AddToRoleAsync(user, role));
            }

            user.ScopeCode = scopeCode;
            Check(await users.UpdateSecurityStampAsync(user));
            return (new AccountOutcome.Done(), new { before, after = new { role, scope = scopeCode } });
        }, cancellationToken);

    /// <summary>
    /// A user changes their own password: the current one is checked, the new one must meet the password rules and differ
    /// from it; a password an administrator issued is then no longer to be changed. Audited.
    /// </summary>
    public Task<AccountOutcome> ChangeOwnPasswordAsync(string userName, string currentPassword, string newPassword, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(userName, actor, "password changed", async (users, user) =>
        {
            if (string.IsNullOrEmpty(newPassword) || newPassword == currentPassword)
            {
                return (new AccountOutcome.Invalid("NewPassword", "新密码不能与原密码相同。"), null);
            }

            var changed = await users.ChangePasswordAsync(user, currentPassword ?? "", newPassword);
            if (!changed.Succeeded)
            {
                var field = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch)) ? "CurrentPassword" : "NewPassword";
                return (new AccountOutcome.Invalid(field, string.Join("\n", changed.Errors.Select(Describe).Distinct())), null);
            }

            user.MustChangePassword = false;
            Check(await users.UpdateAsync(user));
            return (new AccountOutcome.Done(), null);
        }, cancellationToken);

    /// <summary>
    /// Runs one change of a user in its own scope and transaction: an invalid outcome writes nothing; anything else is
    /// audited (action "user", with the change and its details) and committed.
    /// </summary>
    private async Task<AccountOutcome> ChangeAsync(string userName, Actor actor, string change,
        Func<UserManager<AppUser>, AppUser, Task<(AccountOutcome Outcome, object? Details)>> apply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MedicalInsuranceDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(userName) || await users.FindByNameAsync(userName) is not { } user)
        {
            return new AccountOutcome.NotFound();
        }

        var (outcome, details) = await apply(users, user);
        if (outcome is AccountOutcome.Invalid)
        {
            return outcome;
        }

        AuditLog.Add(db, actor, "user", null, new { user = user.UserName, change, details });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    /// <summary>Whether <paramref name="user"/> is an enabled administrator and no other is.</summary>
    private static async Task<bool> IsLastAdministratorAsync(UserManager<AppUser> users, AppUser user)
    {
        var administrators = await users.GetUsersInRoleAsync(Roles.Administrator);
        return administrators.Any(a => a.Id == user.Id) && !administrators.Any(a => a.Id != user.Id && !a.Disabled);
    }

    /// <summary>Identity's own failures here are programmer errors (a store that refused a plain update).</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("identity: " + string.Join("; ", result.Errors.Select(e => e.Code + " " + e.Description)));
        }
    }

    /// <summary>Every user with their role, by user name.</summary>
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

    /// <summary>What is wrong with a new API key's name, role or division; null when nothing is.</summary>
    public static UserOutcome.Invalid? ValidateApiKey(string? name, string role, string? scopeCode)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64)
        {
            return new UserOutcome.Invalid(nameof(ApiKey.Name), "名称须为1–64个字符");
        }

        return Validate(new NewUser("api", name, role, scopeCode), RegionDirectory.Shipped);
    }

    /// <summary>Creates an API key scoped like a user; the key is returned once and only its hash is kept.</summary>
    public async Task<string> CreateApiKeyAsync(string name, string role, string? scopeCode, Actor actor, CancellationToken cancellationToken = default) =>
        (await IssueApiKeyAsync(name, role, scopeCode, actor, cancellationToken)).Key;

    /// <summary>Creates an API key scoped like a user, audited; a bad name, role or division is a programmer error here (check with <see cref="ValidateApiKey"/>).</summary>
    public async Task<ApiKeyIssued> IssueApiKeyAsync(string name, string role, string? scopeCode, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (ValidateApiKey(name, role, scopeCode) is { } invalid)
        {
            throw new ArgumentException(invalid.Message, invalid.Field == nameof(ApiKey.Name) ? nameof(name) : nameof(scopeCode));
        }

        var key = "mik_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = new ApiKey { Name = name.Trim(), KeyHash = HashKey(key), Role = role, ScopeCode = scopeCode, CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(entity);
        AuditLog.Add(db, actor, "user", null, new { apiKey = entity.Name, role, scope = scopeCode, change = "created" });
        await db.SaveChangesAsync(cancellationToken);
        return new ApiKeyIssued(entity.Id, entity.Name, key);
    }

    /// <summary>Every API key, live and revoked, newest first (their hashes, never the keys).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Raised once a key is revoked: a cache of live keys in this process drops it at once.</summary>
    public event Action<ApiKey>? ApiKeyRevoked;

    /// <summary>
    /// Revokes a key from now on, audited; the revoked key, or null when there is no live key of that id. This process
    /// stops accepting it at once (<see cref="ApiKeyRevoked"/>); another that has it cached, within its cache's lifetime.
    /// </summary>
    public async Task<ApiKey?> RevokeApiKeyAsync(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken) is not { } key)
        {
            return null;
        }

        key.RevokedAt = time.GetUtcNow();
        AuditLog.Add(db, actor, "user", null, new { apiKey = key.Name, id, change = "revoked" });
        await db.SaveChangesAsync(cancellationToken);
        ApiKeyRevoked?.Invoke(key);
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

    /// <summary>Identity's errors in the product's language (its own describer speaks English).</summary>
    public static string Describe(IdentityError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code switch
        {
            nameof(IdentityErrorDescriber.DuplicateUserName) => "用户名已存在",
            nameof(IdentityErrorDescriber.PasswordMismatch) => "原密码不正确。",
            nameof(IdentityErrorDescriber.PasswordTooShort) => "密码至少10个字符。",
            nameof(IdentityErrorDescriber.PasswordRequiresDigit) => "密码须包含数字。",
            nameof(IdentityErrorDescriber.PasswordRequiresLower) => "密码须包含小写字母。",
            nameof(IdentityErrorDescriber.PasswordRequiresUpper) => "密码须包含大写字母。",
            nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => "密码须包含符号（如 ! # % + = ? @）。",
            nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => "密码中不同的字符太少。",
            _ => error.Description,
        };
    }
}
