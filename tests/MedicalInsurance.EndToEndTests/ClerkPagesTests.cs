using System.Globalization;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class ClerkPagesTests(RunningApp app)
{
    private static DateOnly ReadDay(string text)
    {
        // "自 2027年5月1日 起享受医保待遇"
        var start = text.IndexOf('自', StringComparison.Ordinal) + 1;
        var end = text.IndexOf('日', start);
        return DateOnly.ParseExact(text[start..(end + 1)].Trim(), "yyyy年M月d日", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Register_AReturningEnrollee_RepairOneYear_Confirm_AndPrintTheNotice()
    {
        var today = app.Today;
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, $"/persons/{app.Returning.Id}/register");
        await page.WaitForSelectorAsync("#coverage-year");

        await page.FillAsync("#coverage-year", (today.Year + 1).ToString(CultureInfo.InvariantCulture));
        await page.PressAsync("#coverage-year", "Tab");
        await page.FillAsync(".mud-picker input", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.PressAsync(".mud-picker input", "Tab");
        await RunningApp.ScreenshotAsync(page, "register-filled");
        var benefits = await page.WaitForSelectorAsync("#benefits-from", new PageWaitForSelectorOptions { Timeout = 10_000 });
        var before = ReadDay(await benefits!.InnerTextAsync());
        var options = await page.QuerySelectorAllAsync(".repair-option");
        await RunningApp.ScreenshotAsync(page, "register-preview");

        await page.ClickAsync(".repair-choice >> text=补缴1年");
        await page.WaitForFunctionAsync("b => !document.querySelector('#benefits-from').innerText.includes(b)", before.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        var after = ReadDay(await page.InnerTextAsync("#benefits-from"));
        await RunningApp.ScreenshotAsync(page, "register-repaired");

        Assert.True(options.Count >= 2, $"{options.Count} repair options for at least two break years");
        Assert.Equal(before.AddMonths(-1), after);
        Assert.Contains("补缴缩短 1 个月", await page.InnerTextAsync("#decision-months"), StringComparison.Ordinal);

        await page.ClickAsync("#confirm");
        await page.WaitForSelectorAsync("#notice");
        Assert.Contains(app.Returning.Name, await page.InnerTextAsync("#notice-name"), StringComparison.Ordinal);
        Assert.Equal(after, ReadDay(await page.InnerTextAsync("#notice-benefits")));
        var notice = await page.InnerTextAsync("#notice");
        Assert.DoesNotContain("@", notice, StringComparison.Ordinal);
        Assert.Contains("待遇等待期内发生的医疗费用，基本医疗保险基金不予支付（国办发〔2024〕38号）", notice, StringComparison.Ordinal);
        // The pooling region's original cap is a working value: marked where the resident reads it.
        Assert.Matches("原封顶线 [0-9,.]+ 元 ⚠暂定", notice);
        await RunningApp.ScreenshotAsync(page, "notice");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Directory.CreateDirectory(RunningApp.ScreenshotDirectory);
        await page.PdfAsync(new PagePdfOptions { Path = Path.Combine(RunningApp.ScreenshotDirectory, "notice.pdf"), Format = "A4", PrintBackground = true });
        await RunningApp.ScreenshotAsync(page, "notice-print");
        Assert.False(await page.IsVisibleAsync(".mud-appbar"), "the app bar must not print");
    }

    [Fact]
    public async Task NewFile_WithAnInvalidIdNumber_ShowsTheErrorBesideTheField_AndWritesNothing()
    {
        var before = await app.CountPersonsAsync();
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/persons/new");
        await page.WaitForSelectorAsync("#new-id-number");

        await page.FillAsync("#new-id-number", "110105194912310021");
        await page.FillAsync("#new-name", "错号人");
        await page.ClickAsync("#create");
        var error = await page.WaitForSelectorAsync("text=校验位不正确");
        await RunningApp.ScreenshotAsync(page, "new-file-invalid");

        Assert.NotNull(error);
        Assert.Equal(before, await app.CountPersonsAsync());
        Assert.Contains("/persons/new", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_WithTheKeyboardAlone_FromSignInToTheStatement()
    {
        var page = await app.Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN" });
        await page.GotoAsync(new Uri(app.BaseAddress, "/").ToString());
        await page.WaitForSelectorAsync("#username");

        // The sign-in page focuses the user name; Tab to the password, Enter to sign in.
        await page.Keyboard.TypeAsync("clerk");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(app.Passwords["clerk"]);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await app.GotoAsync(page, "/persons/lookup");

        // The ID number field has the focus on arrival: a card reader types the number and presses Enter.
        await page.Keyboard.TypeAsync(app.Inside.IdNumber);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#cap-statement");
        await RunningApp.ScreenshotAsync(page, "lookup-keyboard");

        Assert.Contains(app.Inside.Name, await page.InnerTextAsync("#person-file"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverElsewhere_PickACountyInBeijing_WithoutEvidenceRefused_ThenRecorded_AndTheTimelineShowsIt()
    {
        var year = app.Today.Year;
        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, $"/persons/{app.Away.Id}");
        await page.ClickAsync("#elsewhere-open");
        await page.WaitForSelectorAsync("#elsewhere-form");

        // This year (the form's default) under resident insurance, held in 北京市朝阳区.
        await page.ClickAsync("#elsewhere-county");
        await page.Locator("#elsewhere-county").PressSequentiallyAsync("朝阳区");
        await page.ClickAsync(".mud-popover-open .mud-list-item:has-text('北京市朝阳区')");
        // The pick reaches the server before the confirmation does: else the form may still have no county and answer that.
        await page.WaitForFunctionAsync("() => (document.querySelector('#elsewhere-county')?.value ?? '').includes('朝阳区') && !document.querySelector('.mud-popover-open .mud-list-item')");
        await page.ClickAsync("#elsewhere-confirm");
        var error = await page.WaitForSelectorAsync("text=请填写参保凭证编号或查询流水号");
        await RunningApp.ScreenshotAsync(page, "elsewhere-no-evidence");
        Assert.NotNull(error);

        await page.FillAsync("#elsewhere-evidence", "京医保参保证明 E2E-0001");
        await page.PressAsync("#elsewhere-evidence", "Tab");
        await page.ClickAsync("#elsewhere-confirm");
        var chip = await page.WaitForSelectorAsync($".timeline-year[data-state='elsewhere']:has-text('{year}')", new PageWaitForSelectorOptions { Timeout = 10_000 });
        await RunningApp.ScreenshotAsync(page, "elsewhere-recorded");

        Assert.Contains("北京市朝阳区", await chip!.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("E2E-0001", await (await chip.QuerySelectorAsync(".timeline-place"))!.GetAttributeAsync("title") ?? "", StringComparison.Ordinal);
        Assert.False(await page.IsVisibleAsync("#elsewhere-form"), "the form closes once recorded");
    }
}
