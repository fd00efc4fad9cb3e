using System.Globalization;
using System.Text;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

/// <summary>
/// With English chosen, every page an administrator and a clerk can reach — and what opens on it (a file looked up, a
/// form, a preview) — shows no Chinese character outside data: names, addresses, regions, citations and other text a
/// person entered are marked <c>translate="no"</c> and left out, and the notice, handed to residents, stays Chinese.
/// Text nodes (hidden ones included), the title and the attributes a person reads (title, aria-label, placeholder, alt)
/// are scanned. A page route of the app that is neither scanned nor excused here fails the test.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EnglishPagesTests(RunningApp app)
{
    /// <summary>Page routes not scanned, and why.</summary>
    private static readonly Dictionary<string, string> Excused = new()
    {
        ["/registrations/{Id:long}/notice"] = "the notice is handed to residents: it stays Chinese, with Chinese dates",
        ["/Error"] = "the error page of the exception handler, shown in production only",
    };

    /// <summary>Pages scanned for each role (routes as the route table writes them, with the path opened).</summary>
    private Dictionary<string, string> AdminPages => new()
    {
        ["/"] = "/",
        ["/admin/users"] = "/admin/users",
        ["/admin/parameters"] = "/admin/parameters",
        ["/admin/audit"] = "/admin/audit",
        ["/admin/imports"] = "/admin/imports",
        ["/dashboard"] = "/dashboard",
        ["/account/password"] = "/account/password",
        ["/not-found"] = "/not-found",
    };

    private Dictionary<string, string> ClerkPages => new()
    {
        ["/"] = "/",
        ["/persons/lookup"] = "/persons/lookup",
        ["/persons/{Id:long}"] = $"/persons/{app.Returning.Id}",
        ["/persons/new"] = "/persons/new",
        ["/persons/{Id:long}/register"] = $"/persons/{app.LateComer.Id}/register",
        ["/dashboard"] = "/dashboard",
        ["/dashboard/call-list"] = "/dashboard/call-list?county=130102",
        ["/population/duplicates"] = "/population/duplicates?county=130102",
        ["/population/uninsured"] = "/population/uninsured?county=130102",
        ["/population/newborns"] = "/population/newborns?county=130102",
        ["/account/password"] = "/account/password",
        ["/account/access-denied"] = "/account/access-denied",
        ["/account/idle"] = "/account/idle?returnUrl=/persons/lookup",
        ["/reviews"] = "/reviews",
        ["/reviews/queue"] = "/reviews/queue",
        ["/persons/{Id:long}/reviews/new"] = $"/persons/{app.Returning.Id}/reviews/new",
        ["/reviews/{Id:long}"] = "/reviews/" + ReviewPlaceholder,
    };

    /// <summary>Stands for the review the clerk's scan opens first (a review page needs one).</summary>
    private const string ReviewPlaceholder = "{review}";

    private static readonly string[] AnonymousPages = ["/account/login"];

    [Fact]
    public void PageRoutes_AreEachScannedOrExcused()
    {
        var pages = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .ToHashSet(StringComparer.Ordinal);
        var covered = AdminPages.Keys.Concat(ClerkPages.Keys).Concat(AnonymousPages).Concat(Excused.Keys).ToHashSet(StringComparer.Ordinal);

        Assert.True(pages.IsSubsetOf(covered), "pages neither scanned in English nor excused: " + string.Join(", ", pages.Except(covered)));
        Assert.True(covered.IsSubsetOf(pages), "scanned or excused routes that are no page: " + string.Join(", ", covered.Except(pages)));
    }

    [Fact]
    public async Task AdministratorsPages_InEnglish_ShowNoChineseOutsideData()
    {
        var findings = new List<string>();
        var page = await SignInInEnglishAsync("admin");
        foreach (var path in AdminPages.Values)
        {
            await OpenAsync(page, path);
            findings.AddRange(await ScanAsync(page, path));
        }

        // A city's dashboard (its counties' rates, targets and completion) and a county's, with the target form.
        foreach (var path in new[] { "/dashboard?code=130100&population=living", "/dashboard?code=130123" })
        {
            await OpenAsync(page, path);
            await page.WaitForSelectorAsync("#dashboard");
            findings.AddRange(await ScanAsync(page, path));
        }

        // What opens on the pages: the editor of each kind of parameter, an impact preview, the role form, a new user's password.
        await OpenAsync(page, "/admin/parameters");
        var names = await page.Locator(".parameter-edit").EvaluateAllAsync<string[]>("buttons => buttons.map(b => b.closest('tr').querySelector('.parameter-name').dataset.name)");
        foreach (var name in names.Distinct())
        {
            await page.Locator($"tr:has(.parameter-name[data-name='{name}']) .parameter-edit").First.ClickAsync();
            await page.WaitForSelectorAsync("#parameter-form");
            findings.AddRange(await ScanAsync(page, $"/admin/parameters (editing {name})"));
        }

        await page.Locator("tr:has(.parameter-name[data-name='originalCap']) .parameter-edit").First.ClickAsync();
        await page.ClickAsync("#parameter-preview");
        await page.WaitForSelectorAsync("#impact", new PageWaitForSelectorOptions { Timeout = 120_000 });
        findings.AddRange(await ScanAsync(page, "/admin/parameters (impact preview)"));
        await RunningApp.ScreenshotAsync(page, "english-parameters-preview");

        await OpenAsync(page, "/admin/users");
        await page.Locator("[data-actions='clerk'] .user-role").ClickAsync();
        await page.WaitForSelectorAsync("#role-form");
        await page.FillAsync("#new-user-name", "english.scan");
        await page.FillAsync("#new-user-scope", "130102");
        await page.ClickAsync("#new-user-create");
        await page.WaitForSelectorAsync("#user-created");
        findings.AddRange(await ScanAsync(page, "/admin/users (forms)"));
        await RunningApp.ScreenshotAsync(page, "english-users");

        Assert.True(findings.Count == 0, Report(findings));
    }

    /// <summary>A review of the returning resident's last resident year, opened by the clerk: what the review page shows.</summary>
    private async Task<long> OpenReviewAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        var record = await db.Coverages.Where(c => c.PersonId == app.Returning.Id && c.Scheme == Scheme.Resident).OrderByDescending(c => c.Year)
            .FirstAsync(TestContext.Current.CancellationToken);
        var clerk = new UserScope("clerk", Roles.Clerk, "130102", new HashSet<string>(StringComparer.Ordinal) { "130102" }, null);
        var request = new OpenReviewRequest(app.Returning.Id, record.Year, ReviewKind.WrongGroup, "属医疗救助资助参保对象", "民政资助名单 2026-3", record.Id,
            Scheme.Resident, record.PaidOn, record.Amount, EnrollmentGroup.MedicalAid, "130102");
        var opened = await app.Services.GetRequiredService<FileReviews>().OpenAsync(request, clerk, TestContext.Current.CancellationToken);
        return Assert.IsType<ReviewOutcome.Opened>(opened).ReviewId;
    }

    [Fact]
    public async Task ClerksPages_InEnglish_ShowNoChineseOutsideData()
    {
        var findings = new List<string>();
        var page = await SignInInEnglishAsync("clerk");
        var review = await OpenReviewAsync();
        foreach (var path in ClerkPages.Values.Select(p => p.Replace(ReviewPlaceholder, review.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            await OpenAsync(page, path);
            findings.AddRange(await ScanAsync(page, path));
        }

        // A file looked up, with its statement, decision and timeline; the form for cover held elsewhere.
        await OpenAsync(page, "/persons/lookup");
        await page.FillAsync("#id-number", app.Inside.IdNumber);
        await page.PressAsync("#id-number", "Enter");
        await page.WaitForSelectorAsync("#person-file");
        await page.ClickAsync("#elsewhere-open");
        await page.WaitForSelectorAsync("#elsewhere-form");
        findings.AddRange(await ScanAsync(page, "/persons/lookup (a file)"));
        await RunningApp.ScreenshotAsync(page, "english-lookup");

        // A late registration's live decision.
        await OpenAsync(page, $"/persons/{app.LateComer.Id}/register");
        await page.FillAsync(".mud-picker input", app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.PressAsync(".mud-picker input", "Tab");
        await page.WaitForSelectorAsync("#decision");
        findings.AddRange(await ScanAsync(page, "/persons/{id}/register (a decision)"));
        await RunningApp.ScreenshotAsync(page, "english-register");

        Assert.True(findings.Count == 0, Report(findings));
    }

    [Fact]
    public async Task SignInPage_InEnglish_ShowsNoChinese()
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseAddress, "/culture?name=en&returnUrl=/account/login").ToString());
        await page.WaitForSelectorAsync("#login-submit");
        var findings = await ScanAsync(page, "/account/login");
        await page.FillAsync("#username", "nobody.here");
        await page.FillAsync("#password", "Wrong-password-1");
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#login-error");
        findings.AddRange(await ScanAsync(page, "/account/login (refused)"));

        Assert.True(findings.Count == 0, Report(findings));
    }

    private async Task<IPage> SignInInEnglishAsync(string user)
    {
        var page = await app.SignInAsync(user);
        await page.GotoAsync(new Uri(app.BaseAddress, "/culture?name=en&returnUrl=/").ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        return page;
    }

    /// <summary>Opens a page; an interactive one once its circuit is live and it has loaded what it shows.</summary>
    private async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(app.BaseAddress, path).ToString());
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (await page.Locator("#circuit-ready").CountAsync() == 0 && await page.Locator(".account-page").CountAsync() == 0)
        {
            await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        }
    }

    /// <summary>Every piece of text with a CJK character (ideographs, CJK punctuation, full-width forms) outside data.</summary>
    private static async Task<List<string>> ScanAsync(IPage page, string where)
    {
        var found = await page.EvaluateAsync<string[]>(Scan);
        return found.Select(f => $"{where}: {f}").ToList();
    }

    /// <summary>Each piece of text once, with the first place it was seen and how many more.</summary>
    private static string Report(List<string> findings)
    {
        var text = new StringBuilder($"{findings.Count} pieces of Chinese outside data in English mode:\n");
        foreach (var group in findings.GroupBy(f => f[(f.IndexOf(": ", StringComparison.Ordinal) + 2)..]).Take(400))
        {
            text.AppendLine(group.Count() > 1 ? $"{group.First()} (and {group.Count() - 1} more)" : group.First());
        }

        return text.ToString();
    }

    private const string Scan = """
        () => {
          const cjk = /[\u3000-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;
          const isData = node => !!(node.nodeType === 1 ? node : node.parentElement)?.closest('[translate="no"], script, style, noscript');
          const where = element => {
            const parts = [];
            for (let e = element; e && e !== document.body && parts.length < 3; e = e.parentElement) {
              parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].slice(0, 2).join('.') : ''));
            }
            return parts.join(' > ');
          };
          const found = [];
          if (cjk.test(document.title)) found.push(`title: ${document.title}`);
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const text = node.nodeValue.trim();
            if (text && cjk.test(text) && !isData(node)) found.push(`${where(node.parentElement)}: ${text.slice(0, 120)}`);
          }
          for (const element of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
            for (const name of ['title', 'aria-label', 'placeholder', 'alt']) {
              const value = element.getAttribute(name);
              if (value && cjk.test(value) && !isData(element)) found.push(`${where(element)} @${name}: ${value.slice(0, 120)}`);
            }
          }
          return found;
        }
        """;
}
