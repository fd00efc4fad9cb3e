using System.Net;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The app as deployed: processes over one database share one key ring (a rebuilt container, a second instance);
/// behind a TLS proxy, who the client is and whether it spoke https come from the configured proxy only, and then
/// cookies are Secure and responses carry HSTS.
/// </summary>
public sealed class DeploymentTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The client a proxy says it forwards for. The test server's connections all come from <see cref="AppFactory.ClientAddress"/>.</summary>
    private const string Client = "203.0.113.7";

    [Fact]
    public async Task SignInCookie_IssuedByOneHost_IsAcceptedByAnotherOverTheSameDatabase_InstalledElsewhere()
    {
        // Another content root: without the application name set, the hosts would not read each other's cookies even
        // with one key ring (the default name is the content root's path).
        var elsewhere = Directory.CreateTempSubdirectory("medins-elsewhere-");
        try
        {
            await using var second = app.Factory.WithWebHostBuilder(web => web.UseContentRoot(elsewhere.FullName));
            using var first = NewClient(app.Factory);
            var cookies = await SignInAsync(first, "clerk", proto: null);

            using var other = NewClient(second);
            using var signedIn = await GetAsync(other, "/persons/lookup", cookies.Header);
            using var anonymous = await GetAsync(other, "/persons/lookup", null);

            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            Assert.Contains("id=\"lookup-form\"", await signedIn.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        }
        finally
        {
            elsewhere.Delete(recursive: true);
        }

        // The key ring is the database's: every key the first host knows is a row, written by the app role, which may not
        // remove one.
        var keys = app.Factory.Services.GetRequiredService<IKeyManager>().GetAllKeys();
        var rows = await KeyRowsAsync();
        var denied = await Assert.ThrowsAsync<PostgresException>(() => AsApplicationRoleAsync("delete from data_protection_keys"));
        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Contains(rows, xml => xml.Contains(k.KeyId.ToString(), StringComparison.Ordinal)));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
    }

    [Fact]
    public async Task ForwardedFor_FromAnAddressNoProxyIsConfiguredFor_IsIgnored_TheAuditRecordsTheConnection()
    {
        await using var anotherProxy = app.Factory.WithWebHostBuilder(web => web.UseSetting("ForwardedHeaders:KnownProxies:0", "192.0.2.1"));

        Assert.Equal(AppFactory.ClientAddress, await ViewedFromAsync(app.Factory));
        Assert.Equal(AppFactory.ClientAddress, await ViewedFromAsync(anotherProxy));
    }

    [Fact]
    public async Task ForwardedFor_FromAConfiguredProxy_IsTheClientTheAuditRecords()
    {
        await using var byAddress = app.Factory.WithWebHostBuilder(web => web.UseSetting("ForwardedHeaders:KnownProxies:0", AppFactory.ClientAddress));
        await using var byNetwork = app.Factory.WithWebHostBuilder(web => web.UseSetting("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8"));

        Assert.Equal(Client, await ViewedFromAsync(byAddress));
        Assert.Equal(Client, await ViewedFromAsync(byNetwork));
    }

    [Fact]
    public async Task BehindTls_ThroughTheConfiguredProxy_CookiesAreSecure_AndHstsIsSent_OverPlainHttpOrFromAnyoneElseNeither()
    {
        await using var proxied = app.Factory.WithWebHostBuilder(web => web.UseEnvironment("Production")
            .UseSetting("ForwardedHeaders:KnownProxies:0", AppFactory.ClientAddress));
        await using var unproxied = app.Factory.WithWebHostBuilder(web => web.UseEnvironment("Production"));

        using var httpsClient = NewClient(proxied);
        var https = await SignInAsync(httpsClient, "clerk", proto: "https");
        using var httpClient = NewClient(proxied);
        var http = await SignInAsync(httpClient, "clerk", proto: null);
        using var spoofingClient = NewClient(unproxied);
        var spoofed = await SignInAsync(spoofingClient, "clerk", proto: "https");

        // The antiforgery cookie, the sign-in cookie and the language cookie.
        Assert.Contains(https.SetCookies, c => c.StartsWith("medins.auth=", StringComparison.Ordinal));
        Assert.Contains(https.SetCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.Contains(https.SetCookies, c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.All(https.SetCookies, c => Assert.True(IsSecure(c), $"not Secure over https: {Name(c)}"));
        Assert.All(https.Hsts, h => Assert.StartsWith("max-age=", h, StringComparison.Ordinal));
        Assert.Equal(https.Responses, https.Hsts.Count);
        Assert.Contains(http.SetCookies, c => c.StartsWith("medins.auth=", StringComparison.Ordinal));
        Assert.All(http.SetCookies, c => Assert.False(IsSecure(c), $"Secure over plain http: {Name(c)}"));
        Assert.Empty(http.Hsts);
        Assert.Contains(spoofed.SetCookies, c => c.StartsWith("medins.auth=", StringComparison.Ordinal));
        Assert.All(spoofed.SetCookies, c => Assert.False(IsSecure(c), $"an unknown sender made it https: {Name(c)}"));
        Assert.Empty(spoofed.Hsts);
    }

    /// <summary>A clerk whose requests say they are forwarded for <see cref="Client"/> opens a new resident's file: the address its view was audited with.</summary>
    private async Task<string?> ViewedFromAsync(WebApplicationFactory<Program> host)
    {
        var (id, _, _) = await app.AddResidentAsync("130102", "转发人");
        using var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", Client);
        using (var signIn = await AppFactory.SignInAsync(client, "clerk", app.Passwords["clerk"]))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var page = await client.GetAsync(new Uri($"/persons/{id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.Where(a => a.PersonId == id && a.Action == "view").Select(a => a.ClientAddress).SingleAsync(Ct);
    }

    /// <summary>A client on a public-looking host (HSTS is never sent to localhost) that handles no cookies itself.</summary>
    private static HttpClient NewClient(WebApplicationFactory<Program> host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("http://medins.example/") });

    private sealed record Exchange(List<string> SetCookies, List<string> Hsts, int Responses)
    {
        public string Header => string.Join("; ", SetCookies.Select(c => c.Split(';')[0]));
    }

    /// <summary>
    /// The sign-in page, the sign-in and the language switch, each sent as a proxy forwarding <paramref name="proto"/>
    /// would (no header: plain http); every Set-Cookie and Strict-Transport-Security header of the three answers.
    /// </summary>
    private async Task<Exchange> SignInAsync(HttpClient client, string user, string? proto)
    {
        var exchange = new Exchange([], [], 0);
        using var page = await SendAsync(client, HttpMethod.Get, "/account/login", null, proto, exchange);
        var html = await page.Content.ReadAsStringAsync(Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Token(html),
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = app.Passwords[user],
        });
        using var signIn = await SendAsync(client, HttpMethod.Post, "/account/login", form, proto, exchange);
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {signIn.StatusCode}");
        using var culture = await SendAsync(client, HttpMethod.Get, "/culture?name=en&returnUrl=/", null, proto, exchange);
        Assert.Equal(HttpStatusCode.Redirect, culture.StatusCode);
        return exchange with { Responses = 3 };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content, string? proto, Exchange exchange)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (exchange.SetCookies.Count > 0)
        {
            request.Headers.Add("Cookie", exchange.Header);
        }

        if (proto is not null)
        {
            request.Headers.Add("X-Forwarded-For", Client);
            request.Headers.Add("X-Forwarded-Proto", proto);
        }

        var response = await client.SendAsync(request, Ct);
        exchange.SetCookies.AddRange(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []);
        exchange.Hsts.AddRange(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? hsts : []);
        return response;
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return await client.SendAsync(request, Ct);
    }

    private static bool IsSecure(string setCookie) =>
        setCookie.Split(';').Skip(1).Any(attribute => attribute.Trim().Equals("secure", StringComparison.OrdinalIgnoreCase));

    private static string Name(string setCookie) => setCookie.Split('=')[0];

    private async Task<List<string>> KeyRowsAsync()
    {
        await using var connection = new NpgsqlConnection(app.OwnerConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select xml from data_protection_keys", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private async Task AsApplicationRoleAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ApplicationConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
