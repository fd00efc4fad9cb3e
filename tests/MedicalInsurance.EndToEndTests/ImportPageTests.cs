using System.Text;
using MedicalInsurance.Domain.Persons;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class ImportPageTests(RunningApp app)
{
    [Fact]
    public async Task Administrator_UploadsAGbkFile_AndThePageFollowsTheImportToItsCounts()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var first17 = "13012319880808002";
        var id = first17 + IdNumber.CheckCharacter(first17);
        var csv = $"身份证号,姓名,参保年度,缴费日期,缴费金额,险种,人员类别,缴费地区\r\n{id},页面导入,2026,2025-11-01,400,居民,,130123\r\n1.30123E+17,坏行,2026,2025-11-01,400,居民,,130123\r\n";
        var page = await app.SignInAsync("admin");
        await app.GotoAsync(page, "/admin/imports");

        await page.SetInputFilesAsync("#upload-file", new FilePayload { Name = "税务返回.csv", MimeType = "text/csv", Buffer = Encoding.GetEncoding("GBK").GetBytes(csv) });
        await page.ClickAsync("#upload-submit");
        await page.WaitForSelectorAsync("#import-outcome", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var outcome = await page.InnerTextAsync("#import-outcome");
        await page.WaitForSelectorAsync("#import-runs td:has-text('税务返回.csv')");
        await RunningApp.ScreenshotAsync(page, "import-page");

        Assert.Contains("导入完成（GB18030）", outcome, StringComparison.Ordinal);
        Assert.Contains("新增 1", outcome, StringComparison.Ordinal);
        Assert.Contains("错误 1", outcome, StringComparison.Ordinal);
    }
}
