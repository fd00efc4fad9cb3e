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
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IDbContextFactory<MedicalInsuranceDbContext> factory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    // Systems call often: a key is looked up at most once a minute, so a revocation takes effect within a minute.
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset Until)> Known = new(StringComparer.Ordinal);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } key)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = UserAdministration.HashKey(key);
        var now = TimeProvider.GetUtcNow();
        if (!Known.TryGetValue(hash, out var cached) || cached.Until < now)
        {
            await using var db = await factory.CreateDbContextAsync(Context.RequestAborted);
            cached = (await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash && k.RevokedAt == null, Context.RequestAborted), now + CacheFor);
            Known[hash] = cached;
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
