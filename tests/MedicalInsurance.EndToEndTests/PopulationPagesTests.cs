using System.Text;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedicalInsurance.EndToEndTests;

[Collection(BrowserCollection.Name)]
public sealed class PopulationPagesTests(RunningApp app)
{
    [Fact]
    public async Task Clerk_OpensTheListOfTheUninsured_SeesAHouseholdMasked_AndTheFilePageShowsTheHousehold()
    {
        // A household of 长安区's 南村镇 from a population extract: two members, neither insured for 2026.
        var (a, b) = (TestIdNumbers.Next("130102", new DateOnly(1977, 7, 7)), TestIdNumbers.Next("130102", new DateOnly(1979, 9, 9)));
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, $"身份证号,姓名,户籍地区,户籍乡镇,户号,状态\r\n{a},周建设,130102,130102101,E2E01,正常\r\n{b},周秀兰,130102,130102101,E2E01,正常\r\n",
            new UTF8Encoding(false), TestContext.Current.CancellationToken);
        var imported = await app.Services.GetRequiredService<Importer>().ImportAsync(ImportKind.Population, path, "population.csv", Actor.System, null, TestContext.Current.CancellationToken);
        Assert.IsType<ImportOutcome.Imported>(imported);

        var page = await app.SignInAsync("clerk");
        await app.GotoAsync(page, "/population/uninsured?county=130102&year=2026&duty=registered");
        await page.WaitForSelectorAsync("#uninsured[data-county='130102'][data-year='2026']");
        var row = page.Locator("#uninsured-list tr", new PageLocatorOptions { HasTextString = "E2E01" }).First;
        await row.WaitForAsync();
        var text = await row.InnerTextAsync();
        await RunningApp.ScreenshotAsync(page, "uninsured-list");

        Assert.Contains("南村镇", text, StringComparison.Ordinal);
        Assert.Contains("周*设", text, StringComparison.Ordinal);
        Assert.DoesNotContain("周建设", text, StringComparison.Ordinal);
        Assert.Contains(IdNumber.Parse(a).Masked, text, StringComparison.Ordinal);
        Assert.Contains("从未参保", text, StringComparison.Ordinal);
        Assert.Contains("家人已缴0人，未缴1人", text, StringComparison.Ordinal);
        Assert.Contains("长安区", await page.InnerTextAsync("#uninsured"), StringComparison.Ordinal);
        Assert.Contains("{姓名}", await page.InnerTextAsync("#sms-template"), StringComparison.Ordinal);
        // The list's size follows its rows (counted after the first page): the household's two at least.
        var total = await page.Locator("#uninsured-total").InnerTextAsync();
        Assert.True(long.Parse(new string(total.Where(char.IsAsciiDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture) >= 2, total);

        long id;
        using (var db = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Infrastructure.Persistence.MedicalInsuranceDbContext>>().CreateDbContext())
        {
            id = db.Persons.Where(p => p.IdNumber == a).Select(p => p.Id).Single();
        }

        await app.GotoAsync(page, $"/persons/{id}");
        await page.WaitForSelectorAsync("#household-members");
        var household = await page.InnerTextAsync("#household");
        await RunningApp.ScreenshotAsync(page, "file-household");

        Assert.Contains("E2E01", household, StringComparison.Ordinal);
        Assert.Contains("周*兰", household, StringComparison.Ordinal);
        Assert.Equal("0", await page.InnerTextAsync("#household-paid"));
    }
}
