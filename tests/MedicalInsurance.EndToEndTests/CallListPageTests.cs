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
        var first = Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", 0, 50, TestContext.Current.CancellationToken));
        var ids = await page.Locator("#call-list tbody tr td:nth-child(2)").AllInnerTextsAsync();

        Assert.NotNull(expected);
        Assert.InRange(expected.Value, 1, long.MaxValue);
        Assert.Equal($"共 {expected.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} 人", shown.Trim());
        Assert.Equal(first.Rows.Select(r => r.IdNumber), ids.Select(i => i.Trim()));
        Assert.All(ids, id => Assert.Contains("*", id, StringComparison.Ordinal));
        Assert.Equal(0, await page.Locator("#call-list-counting").CountAsync());
        await RunningApp.ScreenshotAsync(page, "call-list");
    }
}
