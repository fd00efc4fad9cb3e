using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// Requests a person or a crafted link can make that the app must refuse with a 4xx and a message, never a 500. They run
/// as Production, where an unhandled exception goes to the exception handler (500) rather than the developer page.
/// </summary>
public sealed class ExpectedFailureTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private WebApplicationFactory<Program> Production() =>
        app.Factory.WithWebHostBuilder(web => web.UseEnvironment("Production").UseSetting("Dashboards:Refresher", "false"));

    private async Task<HttpClient> ClientAsync(WebApplicationFactory<Program> factory, string? user = null)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is not null)
        {
            using var signedIn = await AppFactory.SignInAsync(client, user, app.Passwords[user]);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        return client;
    }

    [Fact]
    public async Task Logout_WithoutTheAntiforgeryToken_Answers400WithAMessage_AndKeepsTheSession()
    {
        await using var factory = Production();
        using var client = await ClientAsync(factory, "clerk");

        using var withoutToken = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), new FormUrlEncodedContent([]), Ct);
        using var withoutForm = await client.PostAsync(new Uri("/account/logout", UriKind.Relative), null, Ct);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Contains("请刷新页面", await withoutToken.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, withoutForm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task Logout_WithTheToken_SignsOut()
    {
        await using var factory = Production();
        using var client = await ClientAsync(factory, "clerk");
        var token = AppFactory.Token(await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct));

        using var response = await client.PostAsync(new Uri("/account/logout", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }), Ct);
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal("/account/login", response.Headers.Location?.ToString());
        Assert.Contains("/account/login", home.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/culture?name=xx&returnUrl=/")]
    [InlineData("/culture?returnUrl=/")]
    [InlineData("/culture?name=en-US&returnUrl=/")]
    public async Task CultureSwitch_ToAnUnknownCulture_Answers400WithAMessage_AndSetsNoCookie(string link)
    {
        await using var factory = Production();
        using var client = await ClientAsync(factory);

        using var response = await client.GetAsync(new Uri(link, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("zh-CN", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("/culture?name=en&returnUrl=/%5Cevil.example", "/")]
    [InlineData("/culture?name=en&returnUrl=/%5C/evil.example", "/")]
    [InlineData("/culture?name=en&returnUrl=//evil.example/x", "/")]
    [InlineData("/culture?name=en&returnUrl=https://evil.example/", "/")]
    [InlineData("/culture?name=en&returnUrl=%0D%0ASet-Cookie:x=y", "/")]
    [InlineData("/culture?name=en&returnUrl=/a%0D%0ASet-Cookie:x=y", "/")]
    [InlineData("/culture?name=en&returnUrl=javascript:alert(1)", "/")]
    [InlineData("/culture?name=en&returnUrl=", "/")]
    [InlineData("/culture?name=en&returnUrl=/persons/lookup?name=%E5%BC%A0%E4%B8%89", "/persons/lookup?name=%E5%BC%A0%E4%B8%89")]
    [InlineData("/culture?name=zh-CN&returnUrl=/dashboard", "/dashboard")]
    public async Task CultureSwitch_RedirectsOnlyToALocalPath(string link, string expected)
    {
        await using var factory = Production();
        using var client = await ClientAsync(factory);

        using var response = await client.GetAsync(new Uri(link, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ImportErrors_OfAnUnknownImport_Answers404WithAMessage()
    {
        await using var factory = Production();
        using var client = await ClientAsync(factory, "admin");

        using var response = await client.GetAsync(new Uri("/imports/987654321/errors", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("987654321", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}
