using System.Globalization;
using System.Text.RegularExpressions;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed partial class ReviewPageTests(RunningApp app)
{
    [Fact]
    public async Task Review_AClerkOpensItWithAScan_ASupervisorAccepts_AndTheNoticeIsIssuedAgainWithTheNewDecision()
    {
        // Insured 2024 only, registered for next year in the open collection period: two break years, a waiting period.
        var year = app.Today.Year;
        var person = await app.AddResidentAsync("130102", "周复核", year - 2);
        var clerkScope = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped);
        var request = new RegistrationRequest(person.Id, new PendingEnrollment(year + 1, app.Today, EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await app.Services.GetRequiredService<Registrations>().RegisterAsync(request, clerkScope, TestContext.Current.CancellationToken));
        Assert.True(registered.Result.WaitingPeriod!.Required);

        // The clerk: this year's payment the tax system lost (the form's default year and kind), with a scan of the receipt.
        var clerk = await app.SignInAsync("clerk");
        await app.GotoAsync(clerk, $"/persons/{person.Id}/reviews/new");
        await clerk.FillAsync("#review-claim", "本年度已在税务窗口按时缴费，系统中无缴费记录");
        await clerk.FillAsync("#review-reference", "完税凭证 E2E-7788");
        await clerk.FillAsync(".mud-picker input", $"{year - 1}-11-10");
        await clerk.PressAsync(".mud-picker input", "Tab");
        await clerk.FillAsync("#review-amount", "380");
        await clerk.PressAsync("#review-amount", "Tab");
        await clerk.SetInputFilesAsync("#review-scans", new FilePayload { Name = "完税凭证.png", MimeType = "image/png", Buffer = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3, 4] });
        await clerk.WaitForSelectorAsync(".scan-chosen:has-text('完税凭证.png')");
        await RunningApp.ScreenshotAsync(clerk, "review-open");
        await clerk.ClickAsync("#review-submit");
        await clerk.WaitForSelectorAsync("#review-summary", new PageWaitForSelectorOptions { Timeout = 15_000 });
        var reviewId = long.Parse(ReviewNumber().Match(clerk.Url).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains("完税凭证 E2E-7788", await clerk.InnerTextAsync("#review-reference"), StringComparison.Ordinal);
        Assert.Contains("完税凭证.png", await clerk.InnerTextAsync("#review-scans"), StringComparison.Ordinal);
        Assert.Equal(0, await clerk.Locator("#review-accept").CountAsync());
        await app.GotoAsync(clerk, "/reviews");
        var row = await clerk.WaitForSelectorAsync($".review-row[data-review='{reviewId}']");
        Assert.Equal("0", (await (await row!.QuerySelectorAsync(".review-age"))!.InnerTextAsync()).Trim());

        // The supervisor: sees what accepting changes, accepts with a reason, and prints the notice issued again.
        var supervisor = await app.SignInAsync("supervisor");
        await app.GotoAsync(supervisor, $"/reviews/{reviewId}");
        await supervisor.WaitForSelectorAsync("#review-impact .impact-row");
        await supervisor.FillAsync("#review-reason", "税务系统补传记录，核实无误");
        await supervisor.ClickAsync("#review-accept");
        await supervisor.WaitForSelectorAsync("#review-notices .reissued-notice", new PageWaitForSelectorOptions { Timeout = 15_000 });
        await RunningApp.ScreenshotAsync(supervisor, "review-accepted");
        Assert.Contains("已采纳", await supervisor.InnerTextAsync(".review-status"), StringComparison.Ordinal);
        Assert.Contains("税务系统补传记录", await supervisor.InnerTextAsync("#review-decision"), StringComparison.Ordinal);

        await supervisor.ClickAsync(".reissued-notice-link");
        await supervisor.WaitForSelectorAsync("#notice-reissued");
        await RunningApp.ScreenshotAsync(supervisor, "review-notice-reissued");
        Assert.Contains("第2版", await supervisor.InnerTextAsync("#notice-reissued"), StringComparison.Ordinal);
        Assert.Contains($"{year + 1}年1月1日", await supervisor.InnerTextAsync("#notice-benefits"), StringComparison.Ordinal);
        Assert.DoesNotContain("待遇等待期内发生的医疗费用", await supervisor.InnerTextAsync("#notice"), StringComparison.Ordinal);
        await supervisor.ClickAsync(".notice-version-link:has-text('第1版')");
        await supervisor.WaitForSelectorAsync("#notice-superseded");
        Assert.Contains("待遇等待期内发生的医疗费用", await supervisor.InnerTextAsync("#notice"), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/reviews/(\d+)")]
    private static partial Regex ReviewNumber();
}
