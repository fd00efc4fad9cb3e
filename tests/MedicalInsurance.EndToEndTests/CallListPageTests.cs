using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

/// <summary>The call list shows its first page at once and its size once counted (the size reads the whole list).</summary>
[Collection(BrowserCollection.Name)]
public sealed class CallListPageTests(RunningApp app)
{
    [Fact]
    public async Task Clerk_OpensTheCallList_SeesMaskedRows_ThenTheListsSize()
    {
        var lists = app.Services.GetRequiredService<CallLists>();
        var scope = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped);
        var page = await app.SignInAsync("clerk");

        await app.GotoAsync(page, "/dashboard/call-list?county=130102");
        await page.WaitForSelectorAsync("#call-list tbody tr td");
        await page.WaitForSelectorAsync("#call-list-total");
        var shown = await page.InnerTextAsync("#call-list-total");
        var expected = await lists.CountAsync(scope, "130102", TestContext.Current.CancellationToken);
        var first = Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", CallListCursor.Start, 50, TestContext.Current.CancellationToken));
        var ids = await page.Locator("#call-list tbody tr td:nth-child(2)").AllInnerTextsAsync();

        Assert.NotNull(expected);
        Assert.InRange(expected.Value, 1, long.MaxValue);
        Assert.Equal($"共 {expected.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} 人", shown.Trim());
        Assert.Equal(first.Rows.Select(r => r.IdNumber), ids.Select(i => i.Trim()));
        Assert.All(ids, id => Assert.Contains("*", id, StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("#call-list-counting").CountAsync());
        await RunningApp.ScreenshotAsync(page, "call-list");
    }

    // The pager's next, last and previous pages are read from a neighbour's first or last person and from the list's
    // end; the rows must be those the offsets give.
    [Fact]
    public async Task Clerk_PagesToTheNextTheLastAndThePreviousPage_SeesTheRowsTheOffsetsGive()
    {
        var ct = TestContext.Current.CancellationToken;
        var lists = app.Services.GetRequiredService<CallLists>();
        var scope = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped);
        var total = (await lists.CountAsync(scope, "130102", ct))!.Value;
        var lastPage = (int)((total - 1) / 50);
        async Task<IEnumerable<string>> Expected(int pageIndex) =>
            Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", new CallListCursor.At(pageIndex * 50), 50, ct)).Rows.Select(r => r.IdNumber);
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/dashboard/call-list?county=130102");
        await page.WaitForSelectorAsync("#call-list-total");
        var buttons = page.Locator(".mud-table-pagination-actions button");

        async Task<IReadOnlyList<string>> Go(int button)
        {
            var before = await page.InnerTextAsync("#call-list tbody tr:first-child td:nth-child(2)");
            await buttons.Nth(button).ClickAsync();
            await page.WaitForFunctionAsync("b => document.querySelector('#call-list tbody tr:first-child td:nth-child(2)')?.innerText !== b", before);
            return (await page.Locator("#call-list tbody tr td:nth-child(2)").AllInnerTextsAsync()).Select(i => i.Trim()).ToList();
        }

        var captions = await page.Locator(".mud-table-pagination-caption").AllInnerTextsAsync();
        var next = await Go(2);
        var last = await Go(3);
        var previous = await Go(1);

        Assert.InRange(lastPage, 2, int.MaxValue);
        Assert.Contains($"第 1–50 条，共 {total} 条", captions.Select(c => c.Trim()));
        Assert.Equal(await Expected(1), next);
        Assert.Equal(await Expected(lastPage), last);
        Assert.Equal(await Expected(lastPage - 1), previous);
    }

    // A clerk of one county opens the list without naming the county, then the file of a person on it.
    [Fact]
    public async Task Clerk_OpensTheListWithoutACounty_SeesTheirCounty_AndOpensAPersonsFileFromIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var lists = app.Services.GetRequiredService<CallLists>();
        var scope = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped);
        var first = Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", CallListCursor.Start, 1, ct)).Rows[0];
        var page = await app.SignInAsync("clerk");

        await app.GotoAsync(page, "/dashboard/call-list");
        await page.WaitForSelectorAsync("#call-list tbody tr td a.open-file");
        var heading = await page.InnerTextAsync("h5");
        await page.ClickAsync("#call-list tbody tr:first-child a.open-file");
        await page.WaitForSelectorAsync("#person-file");

        Assert.Contains("长安区", heading, StringComparison.Ordinal);
        Assert.EndsWith($"/persons/{first.PersonId}", page.Url, StringComparison.Ordinal);
        Assert.Contains(first.IdNumber[^4..], await page.InnerTextAsync("#person-id-number"), StringComparison.Ordinal);
    }
}
