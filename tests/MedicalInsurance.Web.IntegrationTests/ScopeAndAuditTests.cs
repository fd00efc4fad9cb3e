using System.Net;
using System.Text;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

public sealed class ScopeAndAuditTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PersonPage_OfAnotherCounty_ByUrl_ShowsNotFound_AndNothingOfTheFile()
    {
        using var client = await app.ClientAsync("clerk");

        var html = await client.GetStringAsync(new Uri($"/persons/{app.Outside.Id}", UriKind.Relative), Ct);
        var own = await client.GetStringAsync(new Uri($"/persons/{app.Inside.Id}", UriKind.Relative), Ct);

        Assert.Contains(UserScope.NotFoundMessage, html, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Outside.Name, html, StringComparison.Ordinal);
        Assert.DoesNotContain("*" + app.Outside.IdNumber[^4..], html, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Outside.IdNumber, html, StringComparison.Ordinal);
        Assert.Contains(app.Inside.Name, own, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Inside.IdNumber, own, StringComparison.Ordinal);
        Assert.Contains("**************" + app.Inside.IdNumber[^4..], own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonsCalcApi_ForAnotherCounty_Is404_WithNothingOfTheFile()
    {
        using var client = await app.ClientAsync("clerk");

        using var response = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{app.Outside.IdNumber}}"}"""), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(UserScope.NotFoundMessage, body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Outside.Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain("coverageYear", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiKey_ScopedToACounty_ReadsThatCountyOnly()
    {
        var key = await app.Factory.Services.GetRequiredService<UserAdministration>().CreateApiKeyAsync("settlement", Roles.Clerk, "130102", Actor.System, Ct);
        using var client = await app.ClientAsync();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var inside = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{app.Inside.IdNumber}}"}"""), Ct);
        using var outside = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{app.Outside.IdNumber}}"}"""), Ct);
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", key + "x");
        using var wrong = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{app.Inside.IdNumber}}"}"""), Ct);

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesBothCalculationEndpoints_WithTheIdNumberInTheBody()
    {
        using var client = await app.ClientAsync("supervisor");

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative), Ct);
        using var page = await client.GetAsync(new Uri("/api-docs/v1", UriKind.Relative), Ct);

        Assert.Contains("\"/api/v1/calc\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/persons/calc\"", document, StringComparison.Ordinal);
        Assert.Contains("idNumber", document, StringComparison.Ordinal);
        Assert.DoesNotContain("{idNumber}", document, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("'unsafe-inline'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalcApi_ABadRequest_Is400_WithTheErrorShape()
    {
        using var client = await app.ClientAsync("supervisor");

        using var response = await client.PostAsync(new Uri("/api/v1/calc", UriKind.Relative), Json("""{"province":"zhejiang","coverageYear":2026,"originalCap":1}"""), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"field\":\"province\"", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Views_AreAudited_WithUserAndClientAddress_OncePerViewNotPerRender()
    {
        var (id, idNumber, _) = await app.AddResidentAsync("130102", "审计人");
        using var page = await app.ClientAsync("supervisor");
        using var caller = await app.ClientAsync("clerk");

        // The page twice (say, a refresh), and the API by another user.
        await page.GetStringAsync(new Uri($"/persons/{id}", UriKind.Relative), Ct);
        await page.GetStringAsync(new Uri($"/persons/{id}", UriKind.Relative), Ct);
        using var api = await caller.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{idNumber}}"}"""), Ct);

        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        var views = await db.AuditEntries.Where(a => a.PersonId == id && a.Action == "view").ToListAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(["clerk", "supervisor"], views.Select(v => v.UserName).Order());
        Assert.All(views, v => Assert.Equal(AppFactory.ClientAddress, v.ClientAddress));
    }

    [Fact]
    public async Task UserAndParameterChanges_AreAudited()
    {
        var services = app.Factory.Services;
        await services.GetRequiredService<UserAdministration>().CreateAsync(new NewUser("audited.user", "审计", Roles.Supervisor, "130000"), new Actor("admin", "10.0.0.9"), Ct);
        var parameters = services.GetRequiredService<MedicalInsurance.Infrastructure.Parameters.ParameterAdministration>();
        var error = await parameters.SaveAsync(new(null, "hebei", "130100", "originalCap", 2026, null, "350000", "confirmed", "石家庄市2026年大病保险文件"), "石家庄市公布2026年度原封顶线", null, new Actor("admin", "10.0.0.9"), Ct);
        var refused = await parameters.SaveAsync(new(null, "hebei", null, "stepAmount", 2030, null, "{\"percent\":2}", "confirmed", "x"), "按百分比提高", null, new Actor("admin", "10.0.0.9"), Ct);

        Assert.Null(error);
        Assert.NotNull(refused);
        await using var db = await services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        var actions = await db.AuditEntries.Where(a => a.UserName == "admin" && a.ClientAddress == "10.0.0.9").Select(a => a.Action).ToListAsync(Ct);
        Assert.Equal(["parameter", "user"], actions.Order());
        var catalog = await services.GetRequiredService<MedicalInsurance.Infrastructure.Parameters.PolicyCatalogProvider>().GetAsync(Ct);
        Assert.True(catalog.TryResolve("hebei", "130100", out var sjz));
        Assert.Equal(350_000m, sjz.ForYear(2026).OriginalCap!.Value.Value);
        Assert.Equal(300_000m, sjz.ForYear(2025).OriginalCap!.Value.Value);
    }

    [Fact]
    public async Task Logs_AfterLookupRegistrationAndADuplicateKey_NeverHoldAFullIdNumber()
    {
        using var client = await app.ClientAsync("clerk");
        using var api = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative), Json($$"""{"idNumber":"{{app.Inside.IdNumber}}"}"""), Ct);
        var services = app.Factory.Services;
        var scope = UserScope.For("clerk", Roles.Clerk, "130102", Infrastructure.Regions.RegionDirectory.Shipped);
        await services.GetRequiredService<Registrations>().RegisterAsync(
            new RegistrationRequest(app.Inside.Id, new PendingEnrollment(2026, new DateOnly(2026, 3, 1), Domain.Enrollment.EnrollmentGroup.Ordinary, null, 0, null, false), 400m), scope, Ct);
        await using (var db = await services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct))
        {
            db.Persons.Add(new Person { IdNumber = app.Inside.IdNumber, Name = app.Inside.Name, BirthDate = new DateOnly(1980, 5, 6), Sex = Domain.Persons.Sex.Female, HouseholdCounty = "130102" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        var lines = app.LogLines.ToArray();
        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(app.Inside.IdNumber, StringComparison.Ordinal) || l.Contains(app.Outside.IdNumber, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(app.Inside.Name, StringComparison.Ordinal));
        // The duplicate key was logged, and masked: the failure is in the logs, the number is not.
        Assert.Contains(lines, l => l.Contains("**************" + app.Inside.IdNumber[^4..], StringComparison.Ordinal));
    }
}
