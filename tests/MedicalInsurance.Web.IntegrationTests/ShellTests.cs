using System.Net;

namespace MedicalInsurance.Web.IntegrationTests;

public sealed class ShellTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_WithMigratedDatabase_IsHealthy_WithoutSignIn()
    {
        using var client = await app.ClientAsync();

        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task HomePage_ForASignedInClerk_RendersInChinese_WithSecurityHeaders()
    {
        using var client = await app.ClientAsync("clerk");

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("城乡居民医保参保长效机制经办系统", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Language_SwitchedToEnglish_RendersTheShellInEnglish_AndBackInChinese()
    {
        using var client = await app.ClientAsync("clerk");

        using var toEnglish = await client.GetAsync(new Uri("/culture?name=en&returnUrl=/", UriKind.Relative), Ct);
        var english = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);
        var englishLookup = await client.GetStringAsync(new Uri("/persons/lookup", UriKind.Relative), Ct);
        var englishSignIn = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative), Ct);
        using var toChinese = await client.GetAsync(new Uri("/culture?name=zh-CN&returnUrl=/", UriKind.Relative), Ct);
        var chinese = await client.GetStringAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Redirect, toEnglish.StatusCode);
        Assert.Contains("<html lang=\"en\">", english, StringComparison.Ordinal);
        Assert.Contains("Resident medical insurance: long-term enrollment mechanism", english, StringComparison.Ordinal);
        Assert.Contains("Look up a resident", english, StringComparison.Ordinal);
        Assert.Contains("Search by name", englishLookup, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", englishSignIn, StringComparison.Ordinal);
        Assert.Contains("城乡居民医保参保长效机制经办系统", chinese, StringComparison.Ordinal);
        Assert.Contains("参保人查询", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void MudBlazorsOwnStrings_AreChinese_UnlessEnglishIsChosen()
    {
        var localizer = (MudBlazor.MudLocalizer)app.Factory.Services.GetService(typeof(MudBlazor.MudLocalizer))!;
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
            var chinese = localizer["MudTablePager_NextPage"].Value;
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            var english = localizer["MudTablePager_NextPage"];

            Assert.Equal("下一页", chinese);
            // Not found here means MudBlazor uses its own English text.
            Assert.True(english.ResourceNotFound);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LockTheAccount_EvenForTheRightOne()
    {
        var admin = app.Factory.Services.GetService(typeof(MedicalInsurance.Infrastructure.Security.UserAdministration)) as MedicalInsurance.Infrastructure.Security.UserAdministration;
        var created = Assert.IsType<MedicalInsurance.Infrastructure.Security.UserOutcome.Created>(await admin!.CreateAsync(
            new("lockme", "lockme", MedicalInsurance.Infrastructure.Security.Roles.Clerk, "130102"), MedicalInsurance.Infrastructure.Audit.Actor.System, Ct));
        using var client = await app.ClientAsync();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await AppFactory.SignInAsync(client, "lockme", "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var right = await AppFactory.SignInAsync(client, "lockme", created.Password);
        var html = await right.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("账户已锁定", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_AWrongPassword_SaysSo_AndSetsNoCookie()
    {
        using var client = await app.ClientAsync();

        using var response = await AppFactory.SignInAsync(client, "clerk", "Not-the-password-9");
        using var home = await client.GetAsync(new Uri("/", UriKind.Relative), Ct);

        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = await app.ClientAsync();
        await client.GetStringAsync(new Uri("/account/login", UriKind.Relative), Ct);

        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = "clerk",
            ["Input.Password"] = app.Passwords["clerk"],
        }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
