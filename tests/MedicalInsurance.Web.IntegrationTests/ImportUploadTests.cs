using System.Net;
using System.Text;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Web.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

public sealed class ImportUploadTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Upload_ByAnAdministrator_ImportsInTheBackground_AndTheErrorsDownload()
    {
        using var client = await app.ClientAsync("admin");
        var token = AppFactory.Token(await client.GetStringAsync(new Uri("/admin/imports", UriKind.Relative), Ct));
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var first17 = "13010219950607001";
        var id = first17 + IdNumber.CheckCharacter(first17);
        var csv = $"身份证号,姓名,参保年度,缴费日期,缴费金额,险种,人员类别,缴费地区\r\n{id},上传人,2026,2025-11-01,400,居民,,130102\r\n{id[..17]}0,坏号码,2026,2025-11-01,400,居民,,130102\r\n";
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.GetEncoding("GB18030", EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetBytes(csv)), "file", "tax-returns.csv" },
        };

        using var response = await client.PostAsync(new Uri("/imports/payments", UriKind.Relative), form, Ct);
        var location = response.Headers.Location!.ToString();
        var job = app.Factory.Services.GetRequiredService<ImportJobs>().Find(Guid.Parse(location[(location.IndexOf('=', StringComparison.Ordinal) + 1)..]))!;
        for (var i = 0; i < 200 && !job.Finished; i++)
        {
            await Task.Delay(100, Ct);
        }

        var run = Assert.IsType<ImportOutcome.Imported>(job.Outcome).Run;
        var errors = await client.GetStringAsync(new Uri($"/imports/{run.Id}/errors", UriKind.Relative), Ct);
        var page = await client.GetStringAsync(new Uri(location, UriKind.Relative), Ct);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal((2L, 1L, 1L, "GB18030"), (run.Rows, run.Inserted, run.Errors, run.Encoding));
        Assert.Equal("上传人", await db.Persons.Where(p => p.IdNumber == id).Select(p => p.Name).SingleAsync(Ct));
        Assert.Contains("3,身份证号,", errors, StringComparison.Ordinal);
        Assert.Contains("tax-returns.csv", page, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "import" && a.UserName == "admin", Ct));
    }

    [Fact]
    public async Task ThePage_ListsTheRecomputationsOfEveryFile()
    {
        var freshness = app.Factory.Services.GetRequiredService<MedicalInsurance.Infrastructure.Results.ResultsFreshness>();
        var outcome = await freshness.EnsureAsync(new MedicalInsurance.Infrastructure.Audit.Actor("admin", null), wait: true, force: true, cancellationToken: Ct);
        using var client = await app.ClientAsync("admin");

        var page = await client.GetStringAsync(new Uri("/admin/imports", UriKind.Relative), Ct);

        Assert.Equal(MedicalInsurance.Infrastructure.Results.FreshnessState.Recomputed, outcome.State);
        var table = page[page.IndexOf("id=\"recompute-runs\"", StringComparison.Ordinal)..];
        Assert.Contains($"<td>{outcome.Run!.Persons:N0}</td>", table, StringComparison.Ordinal);
        Assert.Matches(@"引擎第\d+版 · \d{4}年度 · 参数 [0-9a-f]{8}", table);
        Assert.Contains("<td>完成</td>", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithoutTheAntiforgeryToken_IsRefused_AndImportsNothing()
    {
        using var client = await app.ClientAsync("admin");
        using var form = new MultipartFormDataContent { { new ByteArrayContent("身份证号\r\n"u8.ToArray()), "file", "x.csv" } };

        using var response = await client.PostAsync(new Uri("/imports/claims", UriKind.Relative), form, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
