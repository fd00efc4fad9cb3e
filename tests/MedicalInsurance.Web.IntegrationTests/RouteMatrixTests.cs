using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// Every route of the app (pages and API, read from its route table) for anonymous, Clerk, Supervisor and
/// Administrator. A route without an entry in <see cref="Expectations"/> fails the test: a new route cannot be forgotten.
/// </summary>
public sealed class RouteMatrixTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Anonymous = "anonymous";
    private static readonly string[] Callers = [Anonymous, "clerk", "supervisor", "admin"];
    private static readonly string[] Everyone = ["clerk", "supervisor", "admin"];
    private static readonly string[] PersonRoles = ["clerk", "supervisor"];

    private sealed record Expectation(string Method, Func<AppFactory, string> Path, string[] Allowed, bool Api = false, Func<AppFactory, string>? Body = null, bool Public = false);

    private static readonly Dictionary<string, Expectation> Expectations = new()
    {
        ["/"] = new("GET", _ => "/", Everyone),
        ["/persons/lookup"] = new("GET", _ => "/persons/lookup", PersonRoles),
        ["/persons/{Id:long}"] = new("GET", a => $"/persons/{a.Inside.Id}", PersonRoles),
        ["/persons/new"] = new("GET", _ => "/persons/new", ["clerk"]),
        ["/persons/{Id:long}/register"] = new("GET", a => $"/persons/{a.Inside.Id}/register", ["clerk"]),
        ["/registrations/{Id:long}/notice"] = new("GET", _ => "/registrations/1/notice", PersonRoles),
        ["/reviews"] = new("GET", _ => "/reviews", PersonRoles),
        ["/reviews/queue"] = new("GET", _ => "/reviews/queue", PersonRoles),
        ["/reviews/{Id:long}"] = new("GET", a => $"/reviews/{a.Review.Review}", PersonRoles),
        ["/persons/{Id:long}/reviews/new"] = new("GET", a => $"/persons/{a.Inside.Id}/reviews/new", ["clerk"]),
        ["/reviews/{id:long}/evidence/{evidenceId:long}"] = new("GET", a => $"/reviews/{a.Review.Review}/evidence/{a.Review.Scan}", PersonRoles),
        // Figures, no person's data: administrators open it to set counties' and cities' targets (never the call list).
        ["/dashboard"] = new("GET", _ => "/dashboard", Everyone),
        ["/dashboard/call-list"] = new("GET", _ => "/dashboard/call-list?county=130102", PersonRoles),
        ["/exports/dashboard/{table}"] = new("GET", _ => "/exports/dashboard/overview?format=csv", Everyone),
        ["/exports/call-list"] = new("GET", _ => "/exports/call-list?county=130102&format=xlsx", PersonRoles),
        ["/population/uninsured"] = new("GET", _ => "/population/uninsured?county=130102", PersonRoles),
        ["/population/duplicates"] = new("GET", _ => "/population/duplicates?county=130102&year=2026", PersonRoles),
        ["/population/newborns"] = new("GET", _ => "/population/newborns?county=130102", PersonRoles),
        ["/exports/uninsured"] = new("GET", _ => "/exports/uninsured?county=130102&year=2026&duty=registered&format=csv", PersonRoles),
        ["/exports/uninsured-sms"] = new("GET", _ => "/exports/uninsured-sms?county=130102&year=2026&duty=residence&format=xlsx", PersonRoles),
        ["/admin/users"] = new("GET", _ => "/admin/users", ["admin"]),
        ["/admin/parameters"] = new("GET", _ => "/admin/parameters", ["admin"]),
        ["/admin/audit"] = new("GET", _ => "/admin/audit", ["admin"]),
        ["/admin/imports"] = new("GET", _ => "/admin/imports", ["admin"]),
        // An upload without a file goes back to the page with a message.
        ["/imports/{kind}"] = new("POST", _ => "/imports/payments", ["admin"]),
        // No import was made here: an administrator gets past authorization to "no such import" (ExpectedFailureTests).
        ["/imports/{id:long}/errors"] = new("GET", _ => "/imports/1/errors", ["admin"]),
        ["/account/login"] = new("GET", _ => "/account/login", [], Public: true),
        ["/account/access-denied"] = new("GET", _ => "/account/access-denied", [], Public: true),
        // Where a page left without input is sent (Circuits:IdleMinutes): static, says so, keeps the sign-in.
        ["/account/idle"] = new("GET", _ => "/account/idle?returnUrl=/persons/lookup", [], Public: true),
        // Every signed-in user changes their own password there.
        ["/account/password"] = new("GET", _ => "/account/password", Everyone),
        ["/not-found"] = new("GET", _ => "/not-found", [], Public: true),
        ["/Error"] = new("GET", _ => "/Error", [], Public: true),
        ["/culture"] = new("GET", _ => "/culture?name=en&returnUrl=/", [], Public: true),
        ["/healthz"] = new("GET", _ => "/healthz", [], Public: true),
        ["/account/logout"] = new("POST", _ => "/account/logout", Everyone),
        ["/openapi/{documentName}.json"] = new("GET", _ => "/openapi/v1.json", Everyone),
        ["/api-docs/{documentName?}"] = new("GET", _ => "/api-docs/v1", Everyone),
        // The reference page's own script and icon are the library's files, the same for everyone: public like any static file.
        ["/api-docs/scalar.js"] = new("GET", _ => "/api-docs/scalar.js", [], Public: true),
        ["/api-docs/scalar.aspnetcore.js"] = new("GET", _ => "/api-docs/scalar.aspnetcore.js", [], Public: true),
        ["/api-docs/favicon.svg"] = new("GET", _ => "/api-docs/favicon.svg", [], Public: true),
        ["/api/v1/calc"] = new("POST", _ => "/api/v1/calc", Everyone, Api: true,
            Body: _ => """{"province":"hebei","coverageYear":2026,"originalCap":300000,"asOf":"2026-12-31","history":[]}"""),
        ["/api/v1/persons/calc"] = new("POST", _ => "/api/v1/persons/calc", PersonRoles, Api: true,
            Body: a => $$"""{"idNumber":"{{a.Inside.IdNumber}}"}"""),
        ["/api/v1/registrations"] = new("POST", _ => "/api/v1/registrations", ["clerk"], Api: true,
            Body: a => $$"""{"idNumber":"{{a.Unregistered.IdNumber}}","coverageYear":2026,"paidOn":"2026-03-10","idempotencyKey":"route-matrix"}"""),
        ["/api/v1/registrations/{id:long}/void"] = new("POST", a => $"/api/v1/registrations/{a.Registration}/void", ["supervisor"], Api: true,
            Body: _ => """{"reason":"路由测试"}"""),
    };

    [Fact]
    public void RouteTable_HasAnExpectationForEveryRoute()
    {
        var routes = Routes();

        var missing = routes.Where(r => !Expectations.ContainsKey(r)).ToList();
        var stale = Expectations.Keys.Where(k => !routes.Contains(k)).ToList();

        Assert.True(missing.Count == 0, "routes without an expectation: " + string.Join(", ", missing) + " (all: " + string.Join(", ", routes) + ")");
        Assert.True(stale.Count == 0, "expectations without a route: " + string.Join(", ", stale));
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in Expectations.Keys)
        {
            foreach (var caller in Callers)
            {
                data.Add(route, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Route_ForEachCaller_IsAllowedOnlyToItsRoles(string route, string caller)
    {
        var expectation = Expectations[route];
        using var client = await app.ClientAsync(caller == Anonymous ? null : caller);
        using var request = new HttpRequestMessage(new HttpMethod(expectation.Method), expectation.Path(app));
        if (expectation.Body is { } body)
        {
            request.Content = new StringContent(body(app), Encoding.UTF8, "application/json");
        }
        else if (expectation.Method == "POST")
        {
            // A form post carries the antiforgery token of a page the caller can see.
            var token = caller == Anonymous ? "" : AppFactory.Token(await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken));
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var location = response.Headers.Location?.ToString() ?? "";
        var allowed = expectation.Public || expectation.Allowed.Contains(caller);

        if (allowed)
        {
            var ok = response.StatusCode == HttpStatusCode.OK
                || (route == "/account/logout" && location.Contains("/account/login", StringComparison.Ordinal))
                || (route == "/imports/{kind}" && location.StartsWith("/admin/imports?error=nofile", StringComparison.Ordinal))
                || (route == "/imports/{id:long}/errors" && response.StatusCode == HttpStatusCode.NotFound)
                || (route == "/culture" && response.StatusCode == HttpStatusCode.Redirect && location == "/")
                || (route == "/api/v1/registrations" && response.StatusCode == HttpStatusCode.Created);
            Assert.True(ok, $"{caller} {route}: expected success, got {(int)response.StatusCode} {location}");
        }
        else if (caller == Anonymous)
        {
            var challenged = expectation.Api ? response.StatusCode == HttpStatusCode.Unauthorized : location.Contains("/account/login", StringComparison.Ordinal);
            Assert.True(challenged, $"{caller} {route}: expected a sign-in challenge, got {(int)response.StatusCode} {location}");
        }
        else
        {
            var refused = expectation.Api ? response.StatusCode == HttpStatusCode.Forbidden : location.Contains("/account/access-denied", StringComparison.Ordinal);
            Assert.True(refused, $"{caller} {route}: expected refusal, got {(int)response.StatusCode} {location}");
        }
    }

    /// <summary>The app's routes, less the framework's own (/_blazor, /_framework) and the static files.</summary>
    private HashSet<string> Routes() =>
        app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(r => !r.StartsWith("/_", StringComparison.Ordinal) && r != "/{**path:file}")
            .ToHashSet(StringComparer.Ordinal);
}
