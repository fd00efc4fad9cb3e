using System.Net;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>A review's page, its list and its scans over HTTP: within scope only, names masked in lists, scans as downloads.</summary>
public sealed class ReviewPagesTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scan_InScope_IsADownloadOfItsContentType_Audited_AndAnotherCountysClerkGets404()
    {
        var path = new Uri($"/reviews/{app.Review.Review}/evidence/{app.Review.Scan}", UriKind.Relative);
        using var clerk = await app.ClientAsync("clerk");
        using var other = await app.ClientAsync("clerk.other");

        using var response = await clerk.GetAsync(path, Ct);
        using var refused = await other.GetAsync(path, Ct);
        using var wrongReview = await clerk.GetAsync(new Uri($"/reviews/{app.Review.Review + 1000}/evidence/{app.Review.Scan}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        Assert.Equal(AppFactory.ScanBytes, await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, wrongReview.StatusCode);
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.PersonId == app.Inside.Id && a.Action == "reviewScan" && a.UserName == "clerk" && a.ClientAddress == AppFactory.ClientAddress, Ct));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == "reviewScan" && a.UserName == "clerk.other", Ct));
    }

    [Fact]
    public async Task QueuePage_ListsWhatToCheck_MaskedAndWithinScope()
    {
        var (id, _, name) = await app.AddResidentAsync("130102", "钱待核");
        await using (var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct))
        {
            db.ReviewQueueItems.Add(new ReviewQueueItem
            {
                PersonId = id,
                Line = 7,
                Kind = ReviewQueueItemKind.RecordDiffers,
                Details = """{"year": 2025, "scheme": "Resident", "paidOn": "2025-01-05", "amount": 400, "storedPaidOn": "2024-11-01", "storedAmount": null}""",
            });
            await db.SaveChangesAsync(Ct);
        }

        using var clerk = await app.ClientAsync("clerk");
        using var other = await app.ClientAsync("clerk.other");
        var html = System.Net.WebUtility.HtmlDecode(await clerk.GetStringAsync(new Uri("/reviews/queue", UriKind.Relative), Ct));
        var otherHtml = await other.GetStringAsync(new Uri("/reviews/queue", UriKind.Relative), Ct);

        Assert.Contains($"data-person=\"{id}\"", html, StringComparison.Ordinal);
        Assert.Contains(Infrastructure.Dashboards.PersonalData.MaskName(name), html, StringComparison.Ordinal);
        Assert.DoesNotContain(name, html, StringComparison.Ordinal);
        Assert.Contains("第7行：导入行的2025年度居民医保记录（缴费日期2025-01-05，金额400）与档案中的记录（缴费日期2024-11-01，金额—）不同", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-person=\"{id}\"", otherHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewPage_OfAnotherCounty_ShowsNotFound_AndTheListMasksNames()
    {
        using var clerk = await app.ClientAsync("clerk");
        using var other = await app.ClientAsync("clerk.other");

        var own = await clerk.GetStringAsync(new Uri($"/reviews/{app.Review.Review}", UriKind.Relative), Ct);
        var refused = await other.GetStringAsync(new Uri($"/reviews/{app.Review.Review}", UriKind.Relative), Ct);
        var list = await clerk.GetStringAsync(new Uri("/reviews", UriKind.Relative), Ct);
        var otherList = await other.GetStringAsync(new Uri("/reviews", UriKind.Relative), Ct);

        Assert.Contains(app.Inside.Name, own, StringComparison.Ordinal);
        Assert.Contains("证明.png", own, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Inside.IdNumber, own, StringComparison.Ordinal);
        Assert.Contains(DecisionOutcome.NotFound.Message, refused, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Inside.Name, refused, StringComparison.Ordinal);
        Assert.DoesNotContain("证明.png", refused, StringComparison.Ordinal);
        Assert.Contains($"data-review=\"{app.Review.Review}\"", list, StringComparison.Ordinal);
        Assert.Contains(Infrastructure.Dashboards.PersonalData.MaskName(app.Inside.Name), list, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Inside.Name, list, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-review=\"{app.Review.Review}\"", otherList, StringComparison.Ordinal);
    }
}
