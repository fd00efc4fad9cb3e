using System.Globalization;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

/// <summary>
/// The database goes away under an open page (it refuses connections and every session is terminated) and comes back:
/// the page's action shows an error in place with a retry instead of ending the circuit, and the retry works once the
/// database is back — in the same document, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DatabaseOutageTests(RunningApp app)
{
    [Fact]
    public async Task Lookup_WhileTheDatabaseIsDown_ShowsAnErrorInPlace_AndTheRetryFindsThePersonOnceItIsBack()
    {
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/persons/lookup");
        await MarkDocumentAsync(page);
        await page.FillAsync("#id-number", app.Inside.IdNumber);

        await app.Database.RefuseConnectionsAsync();
        try
        {
            await page.ClickAsync("#lookup-submit");
            await page.WaitForSelectorAsync("#database-unavailable");
            await RunningApp.ScreenshotAsync(page, "outage-lookup");
            // Still down: the retry answers the same way — the circuit is alive and still serving the page.
            await RetryAndWaitAsync(page);
            Assert.True(await page.IsVisibleAsync("#database-unavailable"));
        }
        finally
        {
            await app.Database.AcceptConnectionsAsync();
        }

        await page.ClickAsync("#database-retry");
        await page.WaitForSelectorAsync("#cap-statement");

        Assert.Contains(app.Inside.Name, await page.InnerTextAsync("#person-file"), StringComparison.Ordinal);
        Assert.Equal(app.Inside.IdNumber, await page.InputValueAsync("#id-number"));
        await AssertSameDocumentAsync(page);
    }

    [Fact]
    public async Task Register_ConfirmedWhileTheDatabaseIsDown_ShowsAnErrorInPlace_AndTheRetryRegistersOnce()
    {
        var person = await app.AddResidentAsync("130102", "断线登记", 2024);
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, $"/persons/{person.Id}/register");
        await page.WaitForSelectorAsync("#coverage-year");
        await page.FillAsync("#coverage-year", (app.Today.Year + 1).ToString(CultureInfo.InvariantCulture));
        await page.PressAsync("#coverage-year", "Tab");
        await page.FillAsync(".mud-picker input", app.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.PressAsync(".mud-picker input", "Tab");
        await page.WaitForSelectorAsync("#benefits-from", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await MarkDocumentAsync(page);

        await app.Database.RefuseConnectionsAsync();
        try
        {
            await page.ClickAsync("#confirm");
            await page.WaitForSelectorAsync("#database-unavailable");
            await RunningApp.ScreenshotAsync(page, "outage-register");
            // What the clerk entered is still there.
            Assert.Equal((app.Today.Year + 1).ToString(CultureInfo.InvariantCulture), await page.InputValueAsync("#coverage-year"));
        }
        finally
        {
            await app.Database.AcceptConnectionsAsync();
        }

        await page.ClickAsync("#database-retry");
        await page.WaitForSelectorAsync("#notice");

        Assert.Contains(person.Name, await page.InnerTextAsync("#notice-name"), StringComparison.Ordinal);
        await AssertSameDocumentAsync(page);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, await db.Registrations.CountAsync(r => r.PersonId == person.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Dashboard_DrilledIntoWhileTheDatabaseIsDown_ShowsAnErrorInPlace_AndTheRetryShowsTheCounty()
    {
        var page = await app.SignInAsync("supervisor");
        await app.GotoAsync(page, "/dashboard");
        await page.WaitForSelectorAsync("#table-regions");
        await MarkDocumentAsync(page);

        await app.Database.RefuseConnectionsAsync();
        try
        {
            await page.ClickAsync("#table-regions a.drill-down:has-text('长安区')");
            await page.WaitForSelectorAsync("#database-unavailable");
            await RunningApp.ScreenshotAsync(page, "outage-dashboard");
        }
        finally
        {
            await app.Database.AcceptConnectionsAsync();
        }

        await page.ClickAsync("#database-retry");
        await page.WaitForSelectorAsync("#dashboard[data-code='130102']");

        Assert.False(await page.IsVisibleAsync("#database-unavailable"));
        Assert.Contains("长安区", await page.InnerTextAsync("#dashboard-path"), StringComparison.Ordinal);
        await AssertSameDocumentAsync(page);
    }

    /// <summary>Marks the document: a reload (or the framework's "reload" after a dead circuit) would lose the mark.</summary>
    private static Task MarkDocumentAsync(IPage page) => page.EvaluateAsync("() => { window.__outageMark = 'same document'; }");

    private static async Task AssertSameDocumentAsync(IPage page)
    {
        Assert.Equal("same document", await page.EvaluateAsync<string?>("() => window.__outageMark ?? null"));
        Assert.False(await page.IsVisibleAsync("#blazor-error-ui"), "the circuit ended");
    }

    /// <summary>Clicks the retry and waits until the circuit has answered: the error counts one failure more.</summary>
    private static async Task RetryAndWaitAsync(IPage page)
    {
        var before = await page.GetAttributeAsync("#database-unavailable", "data-failures");
        await page.ClickAsync("#database-retry");
        await page.WaitForFunctionAsync(
            "b => { const a = document.querySelector('#database-unavailable'); return a && a.dataset.failures !== b; }", before);
    }
}
