using System.Security.Claims;
using System.Text.Encodings.Web;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Security;

/// <summary>Another system's call: an <c>X-Api-Key</c> header whose hash is a live key, scoped and roled like a user.</summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDbContextFactory<MedicalInsuranceDbContext> factory, ApiKeyCache known)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";


    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } key)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = UserAdministration.HashKey(key);
        var now = TimeProvider.GetUtcNow();
        if (!known.TryGetValue(hash, out var cached) || cached.Until < now)
        {
            await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
            cached = (await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted), now + ApiKeyCache.Lifetime);
            // Only live keys are kept: caching misses would let any caller grow the cache with made-up keys.
            if (cached.Key is not null)
            {
                known[hash] = cached;
            }
        }

        if (cached.Key is not { } found)
        {
            return AuthenticateResult.Fail("unknown API key");
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, "api:" + found.Name), new(ClaimTypes.Role, found.Role) };
        if (found.ScopeCode is { } scope)
        {
            claims.Add(new Claim(UserScope.ScopeClaim, scope));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}

/// <summary>
/// API keys looked up recently, by hash. Systems call often: a key is read from the database at most once a minute, so
/// a revocation made elsewhere (another process, the command line) takes effect within a minute, and one made through
/// this process's administration at once.
/// </summary>
internal sealed class ApiKeyCache : System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)>
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public ApiKeyCache(UserAdministration administration)
        : base(StringComparer.Ordinal)
    {
        ArgumentNullException.ThrowIfNull(administration);
        administration.ApiKeyRevoked += key => TryRemove(key.KeyHash, out _);
    }
}
