using System.Globalization;

namespace MedicalInsurance.EndToEndTests;

/// <summary>The year a clerk registers for: the one being collected by default, and a warning when benefits fall after it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistrationYearTests(RunningApp app)
{
    [Fact]
    public async Task InNovember_TheRegistrationOpensOnNextYear_AndThisYearWarnsThatBenefitsStartAfterItsEnd()
    {
        var today = app.Today;
        Assert.Equal(11, today.Month);
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, $"/persons/{app.LateComer.Id}/register");
        await page.WaitForSelectorAsync("#coverage-year");

        // Hebei collects for next year from 1 September: that is the default.
        Assert.Equal((today.Year + 1).ToString(CultureInfo.InvariantCulture), await page.InputValueAsync("#coverage-year"));

        await page.FillAsync(".mud-picker input", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.PressAsync(".mud-picker input", "Tab");
        await page.WaitForSelectorAsync("#benefits-from");
        Assert.False(await page.IsVisibleAsync("#after-year-end"), "next year's benefits start within next year");
        Assert.True(await page.IsEnabledAsync("#confirm"));

        // This year instead: paid in November after a break, the wait runs past 31 December.
        await page.FillAsync("#coverage-year", today.Year.ToString(CultureInfo.InvariantCulture));
        await page.PressAsync("#coverage-year", "Tab");
        var warning = await page.WaitForSelectorAsync("#after-year-end");
        await RunningApp.ScreenshotAsync(page, "register-after-year-end");
        Assert.Contains($"晚于{today.Year}年12月31日", await warning!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.False(await page.IsEnabledAsync("#confirm"), "confirming takes the second step");

        await page.ClickAsync("#confirm-after-year-end");
        await page.WaitForFunctionAsync("() => !document.querySelector('#confirm').disabled");
        Assert.True(await page.IsEnabledAsync("#confirm"));
        Assert.Contains("断保", await page.InnerTextAsync("#decision-reason"), StringComparison.Ordinal);
    }
}
