using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class VoidPageTests(RunningApp app)
{
    [Fact]
    public async Task Notice_ASupervisorVoidsWithAReason_TheNoticeIsMarked作废_AndAClerkHasNoButton()
    {
        // Insured 2024, nothing in 2025, registered for 2026 paid late.
        var person = await app.AddResidentAsync("130102", "钱误登", 2024);
        var clerk = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped);
        var request = new RegistrationRequest(person.Id, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        var registered = Assert.IsType<RegistrationOutcome.Registered>(await app.Services.GetRequiredService<Registrations>().RegisterAsync(request, clerk, TestContext.Current.CancellationToken));
        var path = $"/registrations/{registered.RegistrationId}/notice";

        var byClerk = await app.SignInAsync("clerk");
        await app.GotoAsync(byClerk, path);
        await byClerk.WaitForSelectorAsync("#notice");
        Assert.Equal(0, await byClerk.Locator("#void").CountAsync());

        var page = await app.SignInAsync("supervisor");
        await app.GotoAsync(page, path);
        await page.ClickAsync("#void");
        await page.FillAsync("#void-reason", "缴费日期录入错误");
        await RunningApp.ScreenshotAsync(page, "notice-void-reason");
        await page.ClickAsync("#void-confirm");
        var mark = await page.WaitForSelectorAsync("#notice-void", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await RunningApp.ScreenshotAsync(page, "notice-voided");

        Assert.Contains("缴费日期录入错误", await mark!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("作废", await page.InnerTextAsync(".notice-void-stamp"), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("#void").CountAsync());
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.IsVisibleAsync("#notice-void"), "the 作废 mark must print");
    }
}
