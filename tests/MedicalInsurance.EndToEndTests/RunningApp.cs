using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Npgsql;

namespace MedicalInsurance.EndToEndTests;

/// <summary>One running app and one browser for all browser tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<RunningApp>
{
    public const string Name = "browser";
}

/// <summary>
/// The app on real Kestrel (loopback, a free port) over a fresh migrated database, connected as the application role as
/// in production, and Debian's chromium driven by Playwright. The browser comes from <c>MI_CHROMIUM</c> (scripts/test.sh
/// sets it); Playwright's own download is never used.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    public const string ChromiumVariable = "MI_CHROMIUM";

    private readonly MigratedDatabase _database = new();
    private WebApplicationFactory<Program>? _factory;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The app's database, for a test that takes it away for a while.</summary>
    public MigratedDatabase Database => _database;

    /// <summary>The app's clock: 2026-11-20 10:00 in Beijing when the run starts (Hebei collects for 2027), whatever the real date.</summary>
    public TimeProvider Clock { get; } = new ShiftedClock(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));

    public DateOnly Today => Domain.Time.ChinaCalendar.Today(Clock);

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Users created for the run: a clerk of 长安区 (130102).</summary>
    public Dictionary<string, string> Passwords { get; } = [];

    /// <summary>A resident of the clerk's county and one of 道里区 (230102), outside it.</summary>
    public (long Id, string IdNumber, string Name) Inside { get; private set; }

    public (long Id, string IdNumber, string Name) Outside { get; private set; }

    /// <summary>A resident of 130102 insured in 2024 only: every year since is a break year.</summary>
    public (long Id, string IdNumber, string Name) Returning { get; private set; }

    /// <summary>Another resident of 130102 insured in 2024 only, for the tests of the registration's year.</summary>
    public (long Id, string IdNumber, string Name) LateComer { get; private set; }

    /// <summary>A resident of 长安区 insured in 2024 only, for recording cover held elsewhere (no other test writes to the file).</summary>
    public (long Id, string IdNumber, string Name) Away { get; private set; }

    public async Task<int> CountPersonsAsync()
    {
        await using var db = await _factory!.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync();
        return await db.Persons.CountAsync();
    }

    /// <summary>Where screenshots go: beside the test results when the test script says where, else the test output.</summary>
    public static string ScreenshotDirectory =>
        Environment.GetEnvironmentVariable("MI_SCREENSHOTS") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (string.IsNullOrWhiteSpace(chromium) || !File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"No browser: set {ChromiumVariable} to a Chromium executable (scripts/test.sh installs Debian's chromium and sets it).");
        }

        await _database.InitializeAsync();
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Default", _database.ApplicationConnectionString)
            .UseSetting("Results:Refresher", "false")
            .UseSetting("YearEnd:Enabled", "false")
            .UseSetting("WarmUp:Enabled", "false")
            .UseEnvironment("Development")
            .ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton(Clock))));
        // A free loopback port, whatever the environment's default URLs say.
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        var admin = _factory.Services.GetRequiredService<UserAdministration>();
        var created = (UserOutcome.Created)await admin.CreateAsync(new NewUser("clerk", "长安区经办员", Roles.Clerk, "130102"), Actor.System);
        Passwords["clerk"] = created.Password;
        var supervisor = (UserOutcome.Created)await admin.CreateAsync(new NewUser("supervisor", "石家庄市监督员", Roles.Supervisor, "130100"), Actor.System);
        Passwords["supervisor"] = supervisor.Password;
        var administrator = (UserOutcome.Created)await admin.CreateAsync(new NewUser("admin", "管理员", Roles.Administrator, null), Actor.System);
        Passwords["admin"] = administrator.Password;
        // A demo population with its dashboard figures, for the supervisor's pages.
        var today = Today;
        var catalog = await _factory.Services.GetRequiredService<PolicyCatalogProvider>().GetAsync();
        await DemoSeeder.SeedAsync(_database.DataSource, 3_000, 7, Clock, catalog, _ => { });
        await using (var connection = new NpgsqlConnection(_database.ConnectionString))
        {
            await connection.OpenAsync();
            await DashboardSummaries.RefreshAsync(connection, await DashboardSummaries.AllCountiesAsync(connection), today, Clock.GetUtcNow());
        }

        Inside = await AddResidentAsync("130102", "王小明");
        Outside = await AddResidentAsync("230102", "赵大海");
        Returning = await AddResidentAsync("130102", "孙回归", 2024);
        LateComer = await AddResidentAsync("130102", "钱晚到", 2024);
        Away = await AddResidentAsync("130102", "钱在外", 2024);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>The app's services, for a test that writes through them (a registration to void).</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>A resident insured in <paramref name="year"/> (and, from 2025, every year since).</summary>
    public async Task<(long Id, string IdNumber, string Name)> AddResidentAsync(string county, string name, int year = 2025)
    {
        var idNumber = TestIdNumbers.Next(county, new DateOnly(1980, 5, 6));
        await using var db = await _factory!.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync();
        var person = new Person { IdNumber = idNumber, Name = name, BirthDate = new DateOnly(1980, 5, 6), Sex = Sex.Female, HouseholdCounty = county };
        person.Coverages.Add(new Coverage { Year = year, Scheme = Scheme.Resident, PaidOn = new DateOnly(year - 1, 11, 1), Origin = CoverageOrigin.Import });
        if (year == 2025)
        {
            // Insured this year too, so the look-up shows this year's cap.
            var thisYear = Today.Year;
            for (var y = 2026; y <= thisYear; y++)
            {
                person.Coverages.Add(new Coverage { Year = y, Scheme = Scheme.Resident, PaidOn = new DateOnly(y - 1, 11, 1), Origin = CoverageOrigin.Import });
            }
        }

        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return (person.Id, idNumber, name);
    }

    /// <summary>Signs in through the sign-in page and waits for the interactive home page.</summary>
    public async Task<IPage> SignInAsync(string user)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(new Uri(BaseAddress, "/").ToString());
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", Passwords[user]);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return page;
    }

    /// <summary>Navigates within a signed-in page and waits for the new page's circuit: typing into prerendered HTML is lost.</summary>
    public async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(new Uri(BaseAddress, path).ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Opens a page and waits until the Blazor circuit is interactive, so no early click is lost.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(new Uri(BaseAddress, path).ToString());
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
