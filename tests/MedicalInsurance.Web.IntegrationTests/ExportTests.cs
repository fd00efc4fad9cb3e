using System.Net;
using System.Text;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Web.IntegrationTests;

public sealed class ExportTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DashboardTableExport_IsCsvWithBom_AndAudited()
    {
        using var client = await app.ClientAsync("supervisor");
        var before = await ExportsAsync("supervisor");

        using var response = await client.GetAsync(new Uri("/exports/dashboard/overview?code=130100&format=csv", UriKind.Relative), Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.StartsWith("指标,数值\r\n档案人数,", Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        Assert.Equal(before + 1, await ExportsAsync("supervisor"));
    }

    [Fact]
    public async Task DashboardTableExport_OutsideScope_Is404_AndNotAudited()
    {
        using var client = await app.ClientAsync("supervisor");
        var before = await ExportsAsync("supervisor");

        using var response = await client.GetAsync(new Uri("/exports/dashboard/overview?code=230102&format=xlsx", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(before, await ExportsAsync("supervisor"));
    }

    private async Task<int> ExportsAsync(string user)
    {
        await using var db = await app.Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.CountAsync(a => a.UserName == user && a.Action == "export", Ct);
    }
}
