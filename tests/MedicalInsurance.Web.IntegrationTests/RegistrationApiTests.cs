using System.Net;
using System.Text;
using System.Text.Json;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary><c>POST /api/v1/registrations</c> and <c>POST /api/v1/registrations/{id}/void</c> on a real database.</summary>
public sealed class RegistrationApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Uri RegisterUri = new("/api/v1/registrations", UriKind.Relative);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>2026 paid on 2026-03-10, after its collection period: a resident insured in 2025 waits three months.</summary>
    private static string Body(string idNumber, string key, string extra = "") =>
        $$"""{"idNumber":"{{idNumber}}","coverageYear":2026,"paidOn":"2026-03-10","amount":400,"group":"ordinary"{{extra}},"idempotencyKey":"{{key}}"}""";

    private async Task<(HttpStatusCode Status, string Body, JsonElement Json)> PostAsync(HttpClient client, Uri uri, string body)
    {
        using var response = await client.PostAsync(uri, Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<T> QueryAsync<T>(Func<MedicalInsuranceDbContext, Task<T>> query)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }

    [Fact]
    public async Task Register_ByApi_RegistersThroughThePagesPath_AndAnswersTheDecisionAsStored()
    {
        var person = await app.AddResidentAsync("130102", "钱七");
        using var client = await app.ClientAsync("clerk");

        var (status, text, json) = await PostAsync(client, RegisterUri, Body(person.IdNumber, "api-first"));

        Assert.Equal(HttpStatusCode.Created, status);
        var id = json.GetProperty("registrationId").GetInt64();
        var decision = json.GetProperty("decision");
        Assert.Equal(("waiting", 3, "2026-06-10"), (decision.GetProperty("reason").GetString(), decision.GetProperty("totalMonths").GetInt32(), decision.GetProperty("benefitsFrom").GetString()));
        var registration = await QueryAsync(db => db.Registrations.SingleAsync(r => r.PersonId == person.Id, Ct));
        Assert.Equal((id, "clerk", "api-first"), (registration.Id, registration.CreatedBy, registration.IdempotencyKey));
        Assert.Equal(Registrations.DecisionOf(registration.DecisionSnapshot), decision.GetRawText());
        Assert.True(await QueryAsync(db => db.Coverages.AnyAsync(c => c.Id == registration.CoverageId && c.PaidOn == new DateOnly(2026, 3, 10), Ct)));
        Assert.Equal(1, await QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == person.Id && a.Action == "register" && a.ClientAddress == AppFactory.ClientAddress, Ct)));
        Assert.DoesNotContain(person.Name, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_SameKeyTwice_RegistersOnce_AndAnswersTheSame()
    {
        var person = await app.AddResidentAsync("130102", "孙八");
        using var client = await app.ClientAsync("clerk");

        var first = await PostAsync(client, RegisterUri, Body(person.IdNumber, "tax-retry-1"));
        using var again = await client.PostAsync(RegisterUri, Json(Body(person.IdNumber, "tax-retry-1")), Ct);
        var againText = await again.Content.ReadAsStringAsync(Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.Status, again.StatusCode));
        Assert.Equal(first.Body, againText);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == person.Id, Ct)));
        Assert.Equal(1, await QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == person.Id && a.Action == "register", Ct)));
    }

    [Fact]
    public async Task Register_SameKeyWithAnotherRequest_Is409_OnTheKey()
    {
        var person = await app.AddResidentAsync("130102", "周九");
        using var client = await app.ClientAsync("clerk");
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(client, RegisterUri, Body(person.IdNumber, "tax-reused"))).Status);

        var (status, _, json) = await PostAsync(client, RegisterUri, Body(person.IdNumber, "tax-reused", ",\"amount\":380"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("idempotencyKey", json.GetProperty("error").GetProperty("field").GetString());
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "not JSON", "{\"idNumber\":", "" },
        { "year as text", """{"idNumber":"ID","coverageYear":"2026","paidOn":"2026-03-10","idempotencyKey":"k"}""", "coverageYear" },
        { "repair years not an integer", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-03-10","repairYears":1.5,"idempotencyKey":"k"}""", "repairYears" },
        { "date not a date", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-02-30","idempotencyKey":"k"}""", "paidOn" },
        { "amount as text", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-03-10","amount":"四百","idempotencyKey":"k"}""", "amount" },
        { "unknown group", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-03-10","group":"vip","idempotencyKey":"k"}""", "group" },
        { "no payment date (the page's validator)", """{"idNumber":"ID","coverageYear":2026,"idempotencyKey":"k"}""", "paidOn" },
        { "year before the mechanism (the page's validator)", """{"idNumber":"ID","coverageYear":2023,"paidOn":"2023-03-10","idempotencyKey":"k"}""", "coverageYear" },
        { "no idempotency key", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-03-10"}""", "idempotencyKey" },
        { "ID number malformed", """{"idNumber":"13010219800506","coverageYear":2026,"paidOn":"2026-03-10","idempotencyKey":"k"}""", "idNumber" },
        { "repair beyond the engine's options", """{"idNumber":"ID","coverageYear":2026,"paidOn":"2026-03-10","repairYears":2,"idempotencyKey":"k"}""", "repairYears" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Register_BadRequest_Is400_NamingTheField_AndWritesNothing(string label, string body, string field)
    {
        var person = await app.AddResidentAsync("130102", "吴十");
        using var client = await app.ClientAsync("clerk");

        var (status, text, json) = await PostAsync(client, RegisterUri, body.Replace("\"ID\"", $"\"{person.IdNumber}\"", StringComparison.Ordinal));

        Assert.True(status == HttpStatusCode.BadRequest, $"{label}: {(int)status} {text}");
        Assert.Equal(field, json.GetProperty("error").GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(0, await QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == person.Id, Ct)));
    }

    [Fact]
    public async Task Register_OutsideScope_OrUnknown_Is404_WithTheSameAnswer()
    {
        using var client = await app.ClientAsync("clerk");
        var first17 = "13010219800506999";
        var unknown = first17 + IdNumber.CheckCharacter(first17);

        var outside = await PostAsync(client, RegisterUri, Body(app.Outside.IdNumber, "outside"));
        var missing = await PostAsync(client, RegisterUri, Body(unknown, "missing"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (outside.Status, missing.Status));
        Assert.Equal(outside.Body, missing.Body);
        Assert.Contains(UserScope.NotFoundMessage, outside.Body, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Registrations.CountAsync(r => r.PersonId == app.Outside.Id, Ct)));
    }

    [Fact]
    public async Task Register_YearAlreadyRegistered_Is409()
    {
        var person = await app.AddResidentAsync("130102", "郑十一");
        await app.RegisterAsync(person.Id);
        using var client = await app.ClientAsync("clerk");

        var (status, _, json) = await PostAsync(client, RegisterUri, Body(person.IdNumber, "already"));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("coverageYear", json.GetProperty("error").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Register_ByARoleThatCannotRegister_Is403_InTheErrorShape_AndAClerksApiKeyRegisters()
    {
        var person = await app.AddResidentAsync("130102", "冯十二");
        var keys = app.Factory.Services.GetRequiredService<UserAdministration>();
        var supervisorKey = await keys.CreateApiKeyAsync("dashboards", Roles.Supervisor, "130100", Actor.System, Ct);
        var counterKey = await keys.CreateApiKeyAsync("counter", Roles.Clerk, "130102", Actor.System, Ct);
        using var supervisor = await app.ClientAsync("supervisor");
        using var bySupervisorKey = await app.ClientAsync();
        bySupervisorKey.DefaultRequestHeaders.Add("X-Api-Key", supervisorKey);
        using var byCounterKey = await app.ClientAsync();
        byCounterKey.DefaultRequestHeaders.Add("X-Api-Key", counterKey);

        var cookie = await PostAsync(supervisor, RegisterUri, Body(person.IdNumber, "sup"));
        var key = await PostAsync(bySupervisorKey, RegisterUri, Body(person.IdNumber, "sup"));
        var counter = await PostAsync(byCounterKey, RegisterUri, Body(person.IdNumber, "counter-1"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (cookie.Status, key.Status));
        Assert.Equal("", cookie.Json.GetProperty("error").GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Created, counter.Status);
        Assert.Equal("api:counter", await QueryAsync(db => db.Registrations.Where(r => r.PersonId == person.Id).Select(r => r.CreatedBy).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Void_BySupervisor_RemovesTheCover_KeepsTheRegistration_AndTheYearRegistersAgain()
    {
        var person = await app.AddResidentAsync("130102", "陈十三");
        using var clerk = await app.ClientAsync("clerk");
        using var supervisor = await app.ClientAsync("supervisor");
        var registered = await PostAsync(clerk, RegisterUri, Body(person.IdNumber, "to-void"));
        var id = registered.Json.GetProperty("registrationId").GetInt64();
        var voidUri = new Uri($"/api/v1/registrations/{id}/void", UriKind.Relative);

        var byClerk = await PostAsync(clerk, voidUri, """{"reason":"录入错误"}""");
        var noReason = await PostAsync(supervisor, voidUri, """{"reason":"  "}""");
        var voided = await PostAsync(supervisor, voidUri, """{"reason":"缴费日期录入错误"}""");
        var twice = await PostAsync(supervisor, voidUri, """{"reason":"再次"}""");
        var again = await PostAsync(clerk, RegisterUri, Body(person.IdNumber, "after-void"));

        Assert.Equal(HttpStatusCode.Forbidden, byClerk.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "reason"), (noReason.Status, noReason.Json.GetProperty("error").GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, voided.Status);
        Assert.Equal(id, voided.Json.GetProperty("registrationId").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal(HttpStatusCode.Created, again.Status);
        var rows = await QueryAsync(db => db.Registrations.Where(r => r.PersonId == person.Id).OrderBy(r => r.Id).ToListAsync(Ct));
        Assert.Equal((null, "supervisor", "缴费日期录入错误"), (rows[0].CoverageId, rows[0].VoidedBy, rows[0].VoidReason));
        Assert.NotNull(rows[1].CoverageId);
        Assert.Equal(1, await QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == person.Id && a.Action == "void", Ct)));
    }

    [Fact]
    public async Task NoticePage_OfAVoidedRegistration_IsMarked作废_WithDateAndReason()
    {
        var person = await app.AddResidentAsync("130102", "褚十四");
        var id = await app.RegisterAsync(person.Id);
        var supervisorScope = UserScope.For("supervisor", Roles.Supervisor, "130100", Infrastructure.Regions.RegionDirectory.Shipped);
        Assert.IsType<VoidOutcome.Voided>(await app.Factory.Services.GetRequiredService<Registrations>().VoidAsync(id, "重复登记", supervisorScope, Ct));
        using var client = await app.ClientAsync("clerk");

        var html = await client.GetStringAsync(new Uri($"/registrations/{id}/notice", UriKind.Relative), Ct);

        Assert.Contains("id=\"notice-void\"", html, StringComparison.Ordinal);
        Assert.Contains("重复登记", html, StringComparison.Ordinal);
    }
}
