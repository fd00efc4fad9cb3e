using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// An administrator's actions on accounts (unlock, reset, disable and enable, role and division, API keys) and a user's
/// own password, through the services the page calls and through sign-in over HTTP as a person would meet them. Each test
/// makes its own user, so the tests share the class's app without touching each other's accounts.
/// </summary>
public sealed partial class AccountTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Actor Admin = new("admin", "10.1.2.3");

    private UserAdministration Users => app.Factory.Services.GetRequiredService<UserAdministration>();

    private async Task<string> CreateAsync(string userName, string role = Roles.Clerk, string? scope = "130102")
    {
        var created = Assert.IsType<UserOutcome.Created>(await Users.CreateAsync(new NewUser(userName, userName, role, scope), Actor.System, Ct));
        return created.Password;
    }

    [Fact]
    public async Task Unlock_ALockedOutUser_CanSignInAtOnce_AndTheUnlockIsAudited()
    {
        var password = await CreateAsync("acct.locked");
        using var client = await app.ClientAsync();
        for (var i = 0; i < 5; i++)
        {
            (await AppFactory.SignInAsync(client, "acct.locked", "Wrong-password-1")).Dispose();
        }

        var whileLocked = await ErrorAsync(await AppFactory.SignInAsync(client, "acct.locked", password));
        var unlocked = await Users.UnlockAsync("acct.locked", Admin, Ct);
        using var signedIn = await AppFactory.SignInAsync(client, "acct.locked", password);

        Assert.Contains("账户已锁定至", whileLocked, StringComparison.Ordinal);
        Assert.Contains("北京时间", whileLocked, StringComparison.Ordinal);
        Assert.IsType<AccountOutcome.Done>(unlocked);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", Target(signedIn));
        Assert.Contains(await AuditAsync("acct.locked"), d => Change(d) == "unlocked");
    }

    [Fact]
    public async Task Reset_IssuesAOneTimePassword_WhichOpensOnlyThePasswordPage_UntilTheUserSetsTheirOwn()
    {
        var first = await CreateAsync("acct.reset");
        using var session = await app.ClientAsync("acct.reset", first);

        var issued = Assert.IsType<AccountOutcome.PasswordIssued>(await Users.ResetPasswordAsync("acct.reset", Admin, mustChange: true, Ct));
        using var client = await app.ClientAsync();
        using var withOld = await AppFactory.SignInAsync(client, "acct.reset", first);
        using var withIssued = await AppFactory.SignInAsync(client, "acct.reset", issued.Password);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var api = await client.PostAsync(new Uri("/api/v1/calc", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        using var weak = await ChangePasswordAsync(client, issued.Password, "short", "/account/password?returnUrl=%2Fdashboard");
        using var changed = await ChangePasswordAsync(client, issued.Password, "Own-choice-2026!", "/account/password?returnUrl=%2Fdashboard");
        using var homeAfter = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var again = await app.ClientAsync();
        using var issuedAgain = await AppFactory.SignInAsync(again, "acct.reset", issued.Password);
        using var own = await AppFactory.SignInAsync(again, "acct.reset", "Own-choice-2026!");

        // The reset ended the session that was open.
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        using var oldSession = await session.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Contains("用户名或密码不正确", await ErrorAsync(withOld), StringComparison.Ordinal);
        Assert.Equal("/account/password?returnUrl=%2F", Target(withIssued));
        Assert.Equal("/account/password", Target(home));
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("密码至少10个字符", await ErrorAsync(weak, "password-error"), StringComparison.Ordinal);
        Assert.True(Target(changed) == "/dashboard", $"{(int)changed.StatusCode} {Target(changed)} {await ErrorAsync(changed, "password-error")}");
        Assert.Equal(HttpStatusCode.OK, homeAfter.StatusCode);
        Assert.Contains("用户名或密码不正确", await ErrorAsync(issuedAgain), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, own.StatusCode);
        Assert.Contains("/account/login", Target(oldSession), StringComparison.Ordinal);
        var audit = await AuditAsync("acct.reset");
        Assert.Contains(audit, d => Change(d) == "password reset" && d.GetProperty("details").GetProperty("mustChange").GetBoolean());
        Assert.Contains(audit, d => Change(d) == "password changed");
    }

    [Fact]
    public async Task Disable_RefusesSignIn_EndsTheOpenSession_AndEnableLetsTheUserBackIn()
    {
        var password = await CreateAsync("acct.disabled");
        using var session = await app.ClientAsync("acct.disabled", password);

        var disabled = await Users.SetDisabledAsync("acct.disabled", true, Admin, Ct);
        using var client = await app.ClientAsync();
        using var refused = await AppFactory.SignInAsync(client, "acct.disabled", password);
        using var wrong = await AppFactory.SignInAsync(client, "acct.disabled", "Wrong-password-1");
        using var afterRefusal = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        using var oldSession = await session.GetAsync(new Uri("/", UriKind.Relative), Ct);
        var enabled = await Users.SetDisabledAsync("acct.disabled", false, Admin, Ct);
        using var back = await AppFactory.SignInAsync(client, "acct.disabled", password);

        Assert.IsType<AccountOutcome.Done>(disabled);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("该账户已停用", await ErrorAsync(refused), StringComparison.Ordinal);
        // Only the right password learns that the account is disabled.
        Assert.Contains("用户名或密码不正确", await ErrorAsync(wrong), StringComparison.Ordinal);
        Assert.Contains("/account/login", Target(afterRefusal), StringComparison.Ordinal);
        Assert.Contains("/account/login", Target(oldSession), StringComparison.Ordinal);
        Assert.IsType<AccountOutcome.Done>(enabled);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var audit = await AuditAsync("acct.disabled");
        Assert.Contains(audit, d => Change(d) == "disabled");
        Assert.Contains(audit, d => Change(d) == "enabled");
    }

    [Fact]
    public async Task Disable_OneselfOrTheLastAdministrator_IsRefused_AndChangesNothing()
    {
        await CreateAsync("acct.admin2", Roles.Administrator, null);

        var self = await Users.SetDisabledAsync("admin", true, Admin, Ct);
        var selfDemoted = await Users.ChangeRoleAsync("admin", Roles.Supervisor, "130000", Admin, Ct);
        // The other administrator is disabled: "admin" is then the only one left.
        var other = await Users.SetDisabledAsync("acct.admin2", true, Admin, Ct);
        var last = await Users.SetDisabledAsync("admin", true, new Actor("acct.admin2", null), Ct);
        var lastDemoted = await Users.ChangeRoleAsync("admin", Roles.Clerk, "130102", new Actor("acct.admin2", null), Ct);
        using var signedIn = await app.ClientAsync("admin");

        Assert.Equal("不能停用自己的账户。", Assert.IsType<AccountOutcome.Invalid>(self).Message);
        Assert.Equal("不能修改自己的角色。", Assert.IsType<AccountOutcome.Invalid>(selfDemoted).Message);
        Assert.IsType<AccountOutcome.Done>(other);
        Assert.Equal("不能停用唯一可用的系统管理员。", Assert.IsType<AccountOutcome.Invalid>(last).Message);
        Assert.Equal("不能取消唯一可用的系统管理员的角色。", Assert.IsType<AccountOutcome.Invalid>(lastDemoted).Message);
        Assert.DoesNotContain(await AuditAsync("admin"), d => Change(d) is "disabled" or "role changed");
    }

    [Fact]
    public async Task ChangeRole_FromClerkToSupervisorOfTheCity_ChangesWhatTheUserMayOpen_AndIsAuditedBeforeAndAfter()
    {
        var password = await CreateAsync("acct.role");
        using (var asClerk = await app.ClientAsync("acct.role", password))
        using (var newFile = await asClerk.GetAsync(new Uri("/persons/new", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, newFile.StatusCode);
        }

        var wrongScope = await Users.ChangeRoleAsync("acct.role", Roles.Clerk, "130100", Admin, Ct);
        var changed = await Users.ChangeRoleAsync("acct.role", Roles.Supervisor, "130100", Admin, Ct);
        using var asSupervisor = await app.ClientAsync("acct.role", password);
        using var refused = await asSupervisor.GetAsync(new Uri("/persons/new", UriKind.Relative), Ct);
        using var dashboard = await asSupervisor.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct);
        var listed = (await Users.ListAsync(Ct)).Single(u => u.User.UserName == "acct.role");

        Assert.Equal(("ScopeCode", "经办员须分配到一个县级行政区划"), (Assert.IsType<AccountOutcome.Invalid>(wrongScope).Field, ((AccountOutcome.Invalid)wrongScope).Message));
        Assert.IsType<AccountOutcome.Done>(changed);
        Assert.Contains("/account/access-denied", Target(refused), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Equal((Roles.Supervisor, "130100"), (listed.Role, listed.User.ScopeCode));
        var change = Assert.Single(await AuditAsync("acct.role"), d => Change(d) == "role changed").GetProperty("details");
        Assert.Equal(("Clerk", "130102"), (change.GetProperty("before").GetProperty("role").GetString(), change.GetProperty("before").GetProperty("scope").GetString()));
        Assert.Equal(("Supervisor", "130100"), (change.GetProperty("after").GetProperty("role").GetString(), change.GetProperty("after").GetProperty("scope").GetString()));
    }

    [Fact]
    public async Task OwnPassword_OnThePasswordPage_NeedsTheCurrentOne_AndThenReplacesIt()
    {
        var password = await CreateAsync("acct.own");
        using var client = await app.ClientAsync("acct.own", password);

        using var page = await client.GetAsync(new Uri("/account/password", UriKind.Relative), Ct);
        using var wrongCurrent = await ChangePasswordAsync(client, "Not-the-password-1", "Brand-new-pass-1");
        using var mismatch = await ChangePasswordAsync(client, password, "Brand-new-pass-1", confirm: "Brand-new-pass-2");
        using var same = await ChangePasswordAsync(client, password, password);
        using var changed = await ChangePasswordAsync(client, password, "Brand-new-pass-1");
        using var stillSignedIn = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        using var other = await app.ClientAsync();
        using var withOld = await AppFactory.SignInAsync(other, "acct.own", password);
        using var withNew = await AppFactory.SignInAsync(other, "acct.own", "Brand-new-pass-1");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("原密码不正确", await ErrorAsync(wrongCurrent, "password-error"), StringComparison.Ordinal);
        Assert.Contains("两次输入的新密码不一致", await ErrorAsync(mismatch, "password-error"), StringComparison.Ordinal);
        Assert.Contains("新密码不能与原密码相同", await ErrorAsync(same, "password-error"), StringComparison.Ordinal);
        Assert.Contains("id=\"password-changed\"", await changed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stillSignedIn.StatusCode);
        Assert.Contains("用户名或密码不正确", await ErrorAsync(withOld), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
    }

    [Fact]
    public async Task ApiKey_CreatedListedAndRevoked_IsRefusedAtOnceAfterTheRevocation()
    {
        var issued = await Users.IssueApiKeyAsync("tax.bureau", Roles.Clerk, "130102", Admin, Ct);
        using var client = await app.ClientAsync();
        using var before = await CalcAsync(client, issued.Key);
        var listed = (await Users.ListApiKeysAsync(Ct)).Single(k => k.Id == issued.Id);

        var revoked = await Users.RevokeApiKeyAsync(issued.Id, Admin, Ct);
        var again = await Users.RevokeApiKeyAsync(issued.Id, Admin, Ct);
        using var after = await CalcAsync(client, issued.Key);

        Assert.StartsWith("mik_", issued.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(("tax.bureau", Roles.Clerk, "130102", UserAdministration.HashKey(issued.Key)), (listed.Name, listed.Role, listed.ScopeCode, listed.KeyHash));
        Assert.Null(listed.RevokedAt);
        Assert.NotNull(revoked?.RevokedAt);
        Assert.Null(again);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Null(UserAdministration.ValidateApiKey("tax.bureau", Roles.Clerk, "130102"));
        Assert.NotNull(UserAdministration.ValidateApiKey(" ", Roles.Clerk, "130102"));
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        var details = (await db.AuditEntries.Where(a => a.Action == "user" && a.UserName == "admin").Select(a => a.Details!).ToListAsync(Ct))
            .Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement).Where(d => d.TryGetProperty("apiKey", out var key) && key.GetString() == "tax.bureau").ToList();
        Assert.Equal(["created", "revoked"], details.Select(Change).Order());
        Assert.DoesNotContain(details, d => d.GetRawText().Contains(issued.Key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_AnUnknownNameAndAWrongPassword_AreAnsweredAlike_InWordsAndInWork()
    {
        await CreateAsync("acct.alike");
        await CreateAsync("acct.alike2");
        using var client = await app.ClientAsync();
        (await AppFactory.SignInAsync(client, "acct.nobody.0", "Wrong-password-1")).Dispose();

        // An answer's time is the password hash it verifies (hundreds of milliseconds; the rest is a few): an unknown name
        // verifies a dummy hash made by the same hasher, so both answers do the same work. Counted rather than timed, so
        // that a busy machine cannot make it pass or fail.
        var unknown = new List<long>();
        var wrong = new List<long>();
        string? unknownText = null, wrongText = null;
        for (var i = 1; i <= 6; i++)
        {
            var before = app.Verifications.Count;
            using (var response = await AppFactory.SignInAsync(client, "acct.nobody." + i, "Wrong-password-1"))
            {
                unknownText = await ErrorAsync(response);
            }

            unknown.Add(app.Verifications.Count - before);

            // Three wrong passwords for each of two users: none of them is locked out yet.
            before = app.Verifications.Count;
            using (var response = await AppFactory.SignInAsync(client, i % 2 == 0 ? "acct.alike" : "acct.alike2", "Wrong-password-1"))
            {
                wrongText = await ErrorAsync(response);
            }

            wrong.Add(app.Verifications.Count - before);
        }

        // The fifth failure locks both alike.
        for (var i = 0; i < 4; i++)
        {
            (await AppFactory.SignInAsync(client, "acct.nobody.locked", "Wrong-password-1")).Dispose();
        }

        (await AppFactory.SignInAsync(client, "acct.alike", "Wrong-password-1")).Dispose();
        var unknownLocked = await ErrorAsync(await AppFactory.SignInAsync(client, "acct.nobody.locked", "Wrong-password-1"));
        var wrongLocked = await ErrorAsync(await AppFactory.SignInAsync(client, "acct.alike", "Wrong-password-1"));

        Assert.Equal("用户名或密码不正确。", unknownText);
        Assert.Equal(unknownText, wrongText);
        Assert.All(unknown, n => Assert.Equal(1, n));
        Assert.All(wrong, n => Assert.Equal(1, n));
        // One format for the dummy hash and the users' hashes: the same algorithm and iteration count, so the same cost.
        Assert.Single(app.Verifications.Formats);
        Assert.Equal(Untimed(wrongLocked), Untimed(unknownLocked));
        Assert.Contains("账户已锁定至", unknownLocked, StringComparison.Ordinal);
    }

    /// <summary>Where a redirect leads, as a local path and query ("" when it is no redirect).</summary>
    private static string Target(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(new Uri("http://localhost"), location).PathAndQuery : "";

    /// <summary>A lockout message without its time.</summary>
    private static string Untimed(string message) => TimePattern().Replace(message, "…");

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")]
    private static partial Regex TimePattern();

    private static Task<HttpResponseMessage> CalcAsync(HttpClient client, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calc")
        {
            Content = new StringContent("""{"province":"hebei","coverageYear":2026,"originalCap":300000,"asOf":"2026-12-31","history":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request, Ct);
    }

    /// <summary>Posts the password page's form, from the page at <paramref name="path"/> (its query kept).</summary>
    private static async Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current, string next, string path = "/account/password", string? confirm = null)
    {
        var page = await client.GetStringAsync(new Uri(path, UriKind.Relative), Ct);
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppFactory.Token(page),
            ["_handler"] = "password",
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = confirm ?? next,
        });
        return await client.PostAsync(new Uri(path, UriKind.Relative), form, Ct);
    }

    /// <summary>The text of the error paragraph of a sign-in (or password) page's answer.</summary>
    private static async Task<string> ErrorAsync(HttpResponseMessage response, string id = "login-error")
    {
        var html = await response.Content.ReadAsStringAsync(Ct);
        var match = Regex.Match(html, $"id=\"{id}\">([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : $"(no #{id} in {(int)response.StatusCode} {Target(response)})";
    }

    /// <summary>The details of the audit entries about <paramref name="userName"/>'s account, as JSON.</summary>
    private async Task<List<System.Text.Json.JsonElement>> AuditAsync(string userName)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        var details = await db.AuditEntries.Where(a => a.Action == "user").Select(a => a.Details!).ToListAsync(Ct);
        return details.Select(d => System.Text.Json.JsonDocument.Parse(d).RootElement)
            .Where(d => d.TryGetProperty("user", out var user) && user.GetString() == userName).ToList();
    }

    private static string Change(System.Text.Json.JsonElement details) => details.GetProperty("change").GetString()!;
}
