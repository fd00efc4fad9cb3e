using System.Text;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class NewbornPagesTests(RunningApp app)
{
    [Fact]
    public async Task Clerk_OpensTheNewbornsList_SeesACertificateFileMaskedAndOverdue_AndRevealsItsName()
    {
        // Today is 2026-11-20: a child born on 2026-08-01 had until 2026-10-30 (90 days), 21 days ago.
        var mother = TestIdNumbers.Next("130102", new DateOnly(1992, 6, 6));
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, $"出生医学证明编号,出生日期,姓名,母亲身份证号,居住地区,居住乡镇\r\nZ900000017,2026-08-01,陈新生,{mother},130102,130102101\r\n",
            new UTF8Encoding(false), TestContext.Current.CancellationToken);
        var imported = await app.Services.GetRequiredService<Importer>().ImportAsync(ImportKind.Births, path, "births.csv", Actor.System, null, TestContext.Current.CancellationToken);
        Assert.Equal(1L, Assert.IsType<ImportOutcome.Imported>(imported).Run.Inserted);

        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/population/newborns?county=130102");
        await page.WaitForSelectorAsync("#newborns[data-county='130102']");
        var row = page.Locator("#newborns-list tr", new PageLocatorOptions { HasTextString = "Z*****0017" }).First;
        await row.WaitForAsync();
        var text = await row.InnerTextAsync();
        await RunningApp.ScreenshotAsync(page, "newborns-list");

        Assert.Contains("陈*生", text, StringComparison.Ordinal);
        Assert.DoesNotContain("陈新生", text, StringComparison.Ordinal);
        Assert.Contains("南村镇", text, StringComparison.Ordinal);
        Assert.Contains(IdNumber.Parse(mother).Masked, text, StringComparison.Ordinal);
        Assert.Contains("2026-10-30", text, StringComparison.Ordinal);
        Assert.Contains("已逾期21天", text, StringComparison.Ordinal);
        Assert.Contains("未落户", text, StringComparison.Ordinal);

        await row.Locator(".reveal").ClickAsync();
        await row.Locator(".revealed-name").WaitForAsync();
        Assert.Equal("陈新生", await row.Locator(".revealed-name").InnerTextAsync());
    }

    [Fact]
    public async Task Clerk_MergesACertificateFileIntoTheChildsFileByHand_ABadNumberIsRefusedInChinese_AndTheChildIsThenListedOnceByItsFile()
    {
        var ct = TestContext.Current.CancellationToken;
        // Born on 2026-08-05 (window closed on 2026-11-03): the births extract made a file by certificate; the child's file
        // came without the certificate and without the mother in its household, so nothing merged them.
        var mother = TestIdNumbers.Next("130102", new DateOnly(1993, 7, 7));
        var child = TestIdNumbers.Next("130102", new DateOnly(2026, 8, 5));
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, $"出生医学证明编号,出生日期,姓名,母亲身份证号,居住地区,居住乡镇\r\nZ900000025,2026-08-05,,{mother},130102,130102101\r\n", new UTF8Encoding(false), ct);
        Assert.IsType<ImportOutcome.Imported>(await app.Services.GetRequiredService<Importer>().ImportAsync(ImportKind.Births, path, "births.csv", Actor.System, null, ct));
        var clerk = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped, null);
        var created = await app.Services.GetRequiredService<PersonFileCreation>().CreateAsync(new NewPerson(child, "周小满", "130102", null, null), clerk, ct);
        var personId = Assert.IsType<CreationOutcome.Created>(created).PersonId;

        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/population/newborns?county=130102");
        await page.WaitForSelectorAsync("#newborns[data-county='130102']");
        var row = page.Locator("#newborns-list tr", new PageLocatorOptions { HasTextString = "Z*****0025" }).First;
        await row.WaitForAsync();
        await row.Locator(".newborn-merge-open").ClickAsync();
        await page.FillAsync("#newborn-merge-id", "12345");
        await page.PressAsync("#newborn-merge-id", "Tab");
        await page.ClickAsync("#newborn-merge");
        await row.GetByText("身份证号码须为18位").WaitForAsync();
        await page.FillAsync("#newborn-merge-id", child);
        await page.PressAsync("#newborn-merge-id", "Tab");
        await page.ClickAsync("#newborn-merge");
        await page.Locator("#newborn-merged").WaitForAsync();
        await RunningApp.ScreenshotAsync(page, "newborn-merged");

        Assert.Contains("Z*****0025", await page.Locator("#newborn-merged").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#newborns-list tr", new PageLocatorOptions { HasTextString = "Z*****0025" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(1, await page.Locator("#newborns-list tr", new PageLocatorOptions { HasTextString = IdNumber.Parse(child).Masked }).CountAsync());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(ct);
        Assert.Equal(personId, (await db.NewbornFiles.SingleAsync(n => n.CertificateNumber == "Z900000025", ct)).PersonId);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "newborn-merged" && a.PersonId == personId && a.UserName == "clerk", ct));
    }
}
