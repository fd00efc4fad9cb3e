using System.Collections.Concurrent;
using System.Security.Cryptography;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Security;

/// <summary>What a sign-in attempt came to; <see cref="LockedUntil"/> is set when the account is locked out.</summary>
internal sealed record SignInAnswer(SignInState State, DateTimeOffset? LockedUntil = null);

internal enum SignInState
{
    SignedIn,

    /// <summary>Signed in with a password an administrator issued: the user must choose their own before anything else.</summary>
    MustChangePassword,

    /// <summary>A wrong user name or a wrong password: the two are answered alike.</summary>
    Failed,

    LockedOut,

    /// <summary>The right password of a disabled user (said only once the password is known to be right).</summary>
    Disabled,
}

/// <summary>
/// Checks a user name and password without telling whether the name exists: an unknown name costs the same password
/// hash as a known one (verified against a dummy hash), gets the same answer, and is locked out after as many failures
/// as a real account. A disabled account is said to be so only to someone who gave its right password. Identity's own
/// <c>PasswordSignInAsync</c> answers an unknown name at once and a disabled or locked account before the password,
/// so both would be told apart by time.
/// </summary>
internal sealed class PasswordSignIn(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, DummyPasswordHash dummy, UnknownNameLockout unknown)
{
    public async Task<SignInAnswer> SignInAsync(string userName, string password)
    {
        var users = signIn.UserManager;
        var user = string.IsNullOrWhiteSpace(userName) ? null : await users.FindByNameAsync(userName.Trim());
        if (user is null)
        {
            dummy.Verify(hasher, password);
            return unknown.Fail(userName ?? "");
        }

        if (await users.IsLockedOutAsync(user))
        {
            // The hash all the same: a locked account answers in the time an unknown name does.
            dummy.Verify(hasher, password);
            return new SignInAnswer(SignInState.LockedOut, user.LockoutEnd);
        }

        if (!await users.CheckPasswordAsync(user, password ?? ""))
        {
            await users.AccessFailedAsync(user);
            return await users.IsLockedOutAsync(user) ? new SignInAnswer(SignInState.LockedOut, user.LockoutEnd) : new SignInAnswer(SignInState.Failed);
        }

        if (user.Disabled)
        {
            return new SignInAnswer(SignInState.Disabled);
        }

        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInAsync(user, isPersistent: false);
        return new SignInAnswer(user.MustChangePassword ? SignInState.MustChangePassword : SignInState.SignedIn);
    }
}

/// <summary>A hash of a random password, made once, that an unknown user name's password is verified against.</summary>
internal sealed class DummyPasswordHash
{
    private static readonly AppUser Nobody = new() { UserName = "\u0000" };
    private string? _hash;

    /// <summary>Verifies <paramref name="password"/> against the dummy hash, made by <paramref name="hasher"/> the first time (a scoped service).</summary>
    public void Verify(IPasswordHasher<AppUser> hasher, string? password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref _hash, () => hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
        _ = hasher.VerifyHashedPassword(Nobody, hash, password ?? "");
    }
}

/// <summary>
/// Failed sign-ins under names that are no account, counted as Identity counts a real account's (the same limit and
/// lockout time), so that after five tries an unknown name is "locked" too. Kept in memory and bounded: when full,
/// expired entries go, and while it stays full new names are not counted (they answer as a first failure).
/// </summary>
internal sealed class UnknownNameLockout(IOptions<IdentityOptions> options, TimeProvider time)
{
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset? Until)> _names = new(StringComparer.OrdinalIgnoreCase);

    public SignInAnswer Fail(string userName)
    {
        var lockout = options.Value.Lockout;
        var now = time.GetUtcNow();
        var key = userName.Trim();
        if (_names.TryGetValue(key, out var entry) && entry.Until is { } until)
        {
            if (until > now)
            {
                return new SignInAnswer(SignInState.LockedOut, until);
            }

            entry = (0, null);
        }

        if (!_names.ContainsKey(key) && _names.Count >= Capacity)
        {
            foreach (var expired in _names.Where(n => n.Value.Until is { } u && u <= now).Select(n => n.Key).ToList())
            {
                _names.TryRemove(expired, out _);
            }

            if (_names.Count >= Capacity)
            {
                return new SignInAnswer(SignInState.Failed);
            }
        }

        var failures = entry.Failures + 1;
        if (failures >= lockout.MaxFailedAccessAttempts)
        {
            var end = now + lockout.DefaultLockoutTimeSpan;
            _names[key] = (0, end);
            return new SignInAnswer(SignInState.LockedOut, end);
        }

        _names[key] = (failures, null);
        return new SignInAnswer(SignInState.Failed);
    }
}
