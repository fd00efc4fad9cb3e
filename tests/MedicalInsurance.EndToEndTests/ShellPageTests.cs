using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class ShellPageTests(RunningApp app)
{
    [Fact]
    public async Task SignIn_AsAClerk_ShowsTheChineseHomePageInACjkFont()
    {
        var page = await app.SignInAsync("clerk");

        var heading = page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "城乡居民医保参保长效机制经办系统" });
        await heading.WaitForAsync();
        await RunningApp.ScreenshotAsync(page, "home");

        // Without a CJK font every glyph renders as a box: the font must be installed and used.
        var cjkFontPresent = await page.EvaluateAsync<bool>("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '城乡居民')");
        Assert.True(cjkFontPresent, "Noto Sans CJK SC is not available to the browser (fonts-noto-cjk)");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("长安区经办员", await page.InnerTextAsync("#signed-in-user"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPage_WithoutSignIn_IsWhereEveryPageLeads()
    {
        var page = await app.Browser.NewPageAsync();

        await page.GotoAsync(new Uri(app.BaseAddress, "/persons/lookup").ToString());
        await page.WaitForSelectorAsync("#login-submit");
        await RunningApp.ScreenshotAsync(page, "sign-in");

        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        Assert.Contains("登录", await page.InnerTextAsync("#login-submit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_OfAnotherCountysResident_IsRefused_AndShowsNothingOfTheFile()
    {
        var page = await app.SignInAsync("clerk");
        await page.ClickAsync("text=参保人查询");
        await page.WaitForSelectorAsync("#id-number");

        await page.FillAsync("#id-number", app.Outside.IdNumber);
        await page.PressAsync("#id-number", "Enter");
        var message = await page.WaitForSelectorAsync("#lookup-message");
        await RunningApp.ScreenshotAsync(page, "lookup-refused");

        Assert.Contains("在您的辖区内未找到该参保人", await message!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(app.Outside.Name, await page.ContentAsync(), StringComparison.Ordinal);

        await page.FillAsync("#id-number", app.Inside.IdNumber);
        await page.PressAsync("#id-number", "Enter");
        await page.WaitForSelectorAsync("#person-file");
        await RunningApp.ScreenshotAsync(page, "lookup-found");

        Assert.Contains(app.Inside.Name, await page.InnerTextAsync("#person-file"), StringComparison.Ordinal);
        // Hebei, C = 300,000 (the working value): claim-free since 2025, so at least one zero-claim step of 2,000 yuan.
        var effective = decimal.Parse((await page.InnerTextAsync("#cap-effective")).Replace("元", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(effective >= 302_000m, $"effective cap {effective}");
        Assert.Equal("**************" + app.Inside.IdNumber[^4..], await page.InnerTextAsync("#person-id-number"));
    }
}
