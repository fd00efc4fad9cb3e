using System.Net;

namespace MedicalInsurance.Web.IntegrationTests;

public sealed class ShellTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Healthz_WithMigratedDatabase_IsHealthy()
    {
        using var client = app.Factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HomePage_Renders_InChinese()
    {
        using var client = app.Factory.CreateClient();

        var html = await client.GetStringAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("城乡居民医保参保长效机制经办系统", html, StringComparison.Ordinal);
        Assert.Contains("大病保险最高支付限额", html, StringComparison.Ordinal);
    }
}
