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

        // Rendered glyphs, measured in the heading's font: without a CJK font every character is the same box, so 一 (a
        // horizontal stroke) and 丨 (a vertical one) have the same ink width. (document.fonts.check cannot tell: it answers
        // true for a system font that is not installed.)
        var measured = await heading.EvaluateAsync<double[]>(MeasureGlyphs);
        var widths = new GlyphWidths(measured[0], measured[1], measured[2], measured[3], measured[4]);
        Assert.True(widths.Horizontal > widths.Size / 2 && widths.Vertical < widths.Horizontal / 3, $"Chinese characters render as boxes, not glyphs: {widths}");
        // The page asks for Noto Sans CJK SC first: its Latin letters differ from the fallback's, so it is the font in use.
        Assert.True(Math.Abs(widths.LatinInNoto - widths.LatinInFallback) > 1, $"Noto Sans CJK SC is not available to the browser (fonts-noto-cjk): {widths}");
        Assert.Equal("zh-CN", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("长安区经办员", await page.InnerTextAsync("#signed-in-user"), StringComparison.Ordinal);
    }

    /// <summary>Pixels, measured on a canvas in an element's font size: the ink widths of 一 and 丨 in its font families,
    /// and the advance widths of the same Latin letters in Noto Sans CJK SC and in the fallback font.</summary>
    private sealed record GlyphWidths(double Size, double Horizontal, double Vertical, double LatinInNoto, double LatinInFallback);

    private const string MeasureGlyphs = """
        element => {
          const style = getComputedStyle(element);
          const context = document.createElement('canvas').getContext('2d');
          const measure = (family, text) => { context.font = `${style.fontSize} ${family}`; return context.measureText(text); };
          const ink = metrics => metrics.actualBoundingBoxLeft + metrics.actualBoundingBoxRight;
          return [
            parseFloat(style.fontSize),
            ink(measure(style.fontFamily, '一')),
            ink(measure(style.fontFamily, '丨')),
            measure('"Noto Sans CJK SC", monospace', 'iiiiWWWW').width,
            measure('monospace', 'iiiiWWWW').width,
          ];
        }
        """;

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
