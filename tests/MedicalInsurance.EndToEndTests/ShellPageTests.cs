using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

public sealed class ShellPageTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task HomePage_InChromium_ShowsChineseTextInACjkFont()
    {
        var page = await app.OpenAsync("/");

        var heading = page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "城乡居民医保参保长效机制经办系统" });
        await heading.WaitForAsync();
        Directory.CreateDirectory(RunningApp.ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RunningApp.ScreenshotDirectory, "home.png"), FullPage = true });

        // Without a CJK font every glyph renders as a box: the font must be installed and used.
        var cjkFontPresent = await page.EvaluateAsync<bool>("() => document.fonts.check('16px \"Noto Sans CJK SC\"', '城乡居民')");
        Assert.True(cjkFontPresent, "Noto Sans CJK SC is not available to the browser (fonts-noto-cjk)");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("首页", await page.TitleAsync(), StringComparison.Ordinal);
    }
}
