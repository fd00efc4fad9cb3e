using System.Net;
using System.Text;
using System.Text.Json;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

/// <summary>
/// The administrators' pages as an administrator uses them: a reset's one-time password handed over and replaced at the
/// user's first sign-in, disabling and enabling, an API key issued and revoked, a parameter previewed and saved. Each
/// test makes its own user; the parameter saved is for years no file reaches, so the other browser tests see nothing of it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesTests(RunningApp app)
{
    private async Task<string> CreateUserAsync(string userName)
    {
        var created = await app.Services.GetRequiredService<UserAdministration>().CreateAsync(new NewUser(userName, userName, Roles.Clerk, "130102"), Actor.System);
        return Assert.IsType<UserOutcome.Created>(created).Password;
    }

    /// <summary>Clicks a row's action on the users page and confirms it in the dialog.</summary>
    private static async Task ActAsync(IPage page, string userName, string action, string confirm)
    {
        await page.ClickAsync($"[data-actions='{userName}'] {action}");
        await page.ClickAsync($".mud-dialog button:has-text('{confirm}')");
    }

    /// <summary>
    /// Whether the element turns disabled within ten seconds: the server's answer to a change reaches the page a round trip
    /// after the change, so reading the state at once would race it.
    /// </summary>
    private static async Task<bool> BecomesDisabledAsync(IPage page, string selector)
    {
        try
        {
            await page.WaitForSelectorAsync(selector + "[disabled]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 10_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<IPage> SignInPageAsync(string user, string password)
    {
        var page = await app.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN" });
        await page.GotoAsync(new Uri(app.BaseAddress, "/account/login").ToString());
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return page;
    }

    [Fact]
    public async Task Reset_OnTheUsersPage_HandsOverAOneTimePassword_WhichTheUserReplacesAtTheirFirstSignIn()
    {
        await CreateUserAsync("e2e.reset");
        var admin = await app.SignInAsync("admin");
        await app.GotoAsync(admin, "/admin/users");

        await ActAsync(admin, "e2e.reset", ".user-reset", "重置");
        var issued = (await (await admin.WaitForSelectorAsync("#issued-password"))!.InnerTextAsync()).Trim();
        await admin.WaitForSelectorAsync("tr:has([data-user='e2e.reset']) .user-state[data-state='must-change']");
        await RunningApp.ScreenshotAsync(admin, "users-reset");
        var user = await SignInPageAsync("e2e.reset", issued);
        var forced = await user.IsVisibleAsync("#password-forced");
        await user.FillAsync("#current-password", issued);
        await user.FillAsync("#new-password", "My-own-pass-2026");
        await user.FillAsync("#confirm-password", "My-own-pass-2026");
        await user.ClickAsync("#password-submit");
        await user.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        await app.GotoAsync(admin, "/admin/users");

        Assert.Matches("^[A-Za-z0-9!#%+=?@]{16}$", issued);
        Assert.True(forced, "the first sign-in with the issued password opens the password page");
        Assert.Equal(new Uri(app.BaseAddress, "/").ToString(), user.Url);
        Assert.Equal("active", await admin.GetAttributeAsync("tr:has([data-user='e2e.reset']) .user-state", "data-state"));
        // Shown once: a fresh view of the page does not show it again.
        Assert.DoesNotContain(issued, await admin.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disable_OnTheUsersPage_StopsTheUserSigningIn_UntilEnabledAgain()
    {
        var password = await CreateUserAsync("e2e.disabled");
        var admin = await app.SignInAsync("admin");
        await app.GotoAsync(admin, "/admin/users");

        await ActAsync(admin, "e2e.disabled", ".user-disable", "停用");
        await admin.WaitForSelectorAsync("tr:has([data-user='e2e.disabled']) .user-state[data-state='disabled']");
        var refused = await SignInPageAsync("e2e.disabled", password);
        var message = await refused.InnerTextAsync("#login-error");
        await admin.ClickAsync("[data-actions='e2e.disabled'] .user-enable");
        await admin.WaitForSelectorAsync("tr:has([data-user='e2e.disabled']) .user-state[data-state='active']");
        var back = await SignInPageAsync("e2e.disabled", password);

        Assert.Contains("该账户已停用", message, StringComparison.Ordinal);
        Assert.Equal(1, await back.Locator("#circuit-ready").CountAsync());
    }

    [Fact]
    public async Task ApiKey_IssuedOnTheUsersPage_CallsTheApi_UntilItIsRevokedThere()
    {
        var admin = await app.SignInAsync("admin");
        await app.GotoAsync(admin, "/admin/users");

        await admin.FillAsync("#new-key-name", "e2e.system");
        await admin.FillAsync("#new-key-scope", "130102");
        await admin.ClickAsync("#new-key-create");
        var key = (await (await admin.WaitForSelectorAsync("#issued-key"))!.InnerTextAsync()).Trim();
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var before = await CalcAsync(http, key);
        await admin.ClickAsync("tr:has(.key-name:text-is('e2e.system')) .key-revoke");
        await admin.ClickAsync(".mud-dialog button:has-text('吊销')");
        await admin.WaitForSelectorAsync("tr:has(.key-name:text-is('e2e.system')) .key-state[data-state='revoked']");
        using var after = await CalcAsync(http, key);

        Assert.StartsWith("mik_", key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    private static Task<HttpResponseMessage> CalcAsync(HttpClient http, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/calc")
        {
            Content = new StringContent("""{"province":"hebei","coverageYear":2026,"originalCap":300000,"asOf":"2026-12-31","history":[]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", key);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task Parameter_PreviewedThenSaved_RecordsWhoWhyAndTheFigures_AndAChangeAfterThePreviewNeedsAnother()
    {
        var admin = await app.SignInAsync("admin");
        await app.GotoAsync(admin, "/admin/parameters");

        // A new contribution standard for Hebei from 2040: no stored result reaches that far.
        await admin.ClickAsync("#parameter-new");
        // MudSelect puts the id on a hidden input; its parent is the field one clicks.
        await admin.Locator("#edit-name").Locator("xpath=..").ClickAsync();
        await admin.ClickAsync(".mud-popover-open .mud-list-item:has-text('个人缴费标准')");
        await admin.FillAsync("#edit-from-year", "2040");
        await admin.PressAsync("#edit-from-year", "Tab");
        await admin.FillAsync("#value-number", "450");
        await admin.PressAsync("#value-number", "Tab");
        await admin.FillAsync("#edit-citation", "冀医保发〔2039〕1号");
        await admin.PressAsync("#edit-citation", "Tab");
        await admin.FillAsync("#edit-reason", "省局公布2040年度个人缴费标准");
        await admin.PressAsync("#edit-reason", "Tab");
        var saveBeforePreview = await admin.IsEnabledAsync("#parameter-save");
        await admin.ClickAsync("#parameter-preview");
        var summary = await (await admin.WaitForSelectorAsync("#impact-summary", new PageWaitForSelectorOptions { Timeout = 60_000 }))!.InnerTextAsync();
        await RunningApp.ScreenshotAsync(admin, "parameters-preview");
        await admin.FillAsync("#edit-citation", "冀医保发〔2039〕2号");
        await admin.PressAsync("#edit-citation", "Tab");
        var saveAfterChange = !await BecomesDisabledAsync(admin, "#parameter-save");
        await admin.ClickAsync("#parameter-preview");
        await admin.WaitForSelectorAsync("#impact-summary", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await admin.ClickAsync("#parameter-save");
        await admin.WaitForSelectorAsync("#parameter-saved");
        var row = await admin.InnerTextAsync("tr:has(.parameter-name[data-name='contributionStandard']):has-text('2040')");

        Assert.False(saveBeforePreview, "saving needs a preview first");
        Assert.Contains("封顶线变化 0 份", summary, StringComparison.Ordinal);
        Assert.False(saveAfterChange, "a change after the preview needs another preview");
        Assert.Contains("450 元", row, StringComparison.Ordinal);
        Assert.Contains("2040年起", row, StringComparison.Ordinal);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var entry = await db.AuditEntries.Where(a => a.Action == "parameter" && a.UserName == "admin").OrderBy(a => a.Id).LastAsync(TestContext.Current.CancellationToken);
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal("省局公布2040年度个人缴费标准", details.RootElement.GetProperty("reason").GetString());
        Assert.Equal("冀医保发〔2039〕2号", details.RootElement.GetProperty("after").GetProperty("Citation").GetString());
        Assert.Equal(0, details.RootElement.GetProperty("impact").GetProperty("capChanged").GetInt64());
        Assert.True(details.RootElement.GetProperty("impact").GetProperty("files").GetInt64() > 0);
    }
}
