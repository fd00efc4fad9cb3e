using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using MedicalInsurance.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// The web app in process on a fresh migrated database, connected as the application role as in production, with one user per role (a clerk each in 长安区 130102 and 道里区
/// 230102, a supervisor of 石家庄市, an administrator), a resident of each county, and every log line captured.
/// </summary>
public sealed partial class AppFactory : IAsyncLifetime, ILogCapture
{
    /// <summary>The password hashes the app has verified (its hasher counts them).</summary>
    public PasswordVerifications Verifications { get; } = new();

    private readonly MigratedDatabase _database = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    /// <summary>The app's database as its owner, who migrates and runs the operator's command line.</summary>
    public string OwnerConnectionString => _database.ConnectionString;

    /// <summary>The app's database as the application role, without the test's error details.</summary>
    public string ApplicationConnectionString => _database.ApplicationConnectionString;

    /// <summary>
    /// The app's clock: 2026-11-20 10:00 in Beijing when the class starts (Hebei collects for 2027), whatever the real
    /// date. Time runs on from there, so sign-in tickets, lockouts and timeouts behave as they do in production.
    /// </summary>
    public ShiftedClock Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8)));

    public ConcurrentQueue<string> LogLines { get; } = new();

    public Dictionary<string, string> Passwords { get; } = [];

    /// <summary>A resident of 130102 (in the clerk's county) and one of 230102 (outside it).</summary>
    public (long Id, string IdNumber, string Name) Inside { get; private set; }

    public (long Id, string IdNumber, string Name) Outside { get; private set; }

    /// <summary>A resident of 130102 kept for the route matrix to register through the API.</summary>
    public (long Id, string IdNumber, string Name) Unregistered { get; private set; }

    /// <summary>A standing registration in 130102 (2026, paid late), kept for the route matrix to void.</summary>
    public long Registration { get; private set; }

    /// <summary>An open review of <see cref="Inside"/>'s 2026 (a lost payment) with one PNG scan.</summary>
    public (long Review, long Scan) Review { get; private set; }

    /// <summary>The bytes of <see cref="Review"/>'s scan: a PNG signature and a few more.</summary>
    public static readonly byte[] ScanBytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static readonly (string User, string Role, string? Scope)[] Users =
    [
        ("clerk", Roles.Clerk, "130102"),
        ("clerk.other", Roles.Clerk, "230102"),
        ("supervisor", Roles.Supervisor, "130100"),
        ("admin", Roles.Administrator, null),
    ];

    public void Add(string line) => LogLines.Enqueue(line);

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        // As the app runs in production: medins_app, which cannot change the audit. Error details on, so a duplicate-key
        // failure quotes the key: the log test checks that it is masked.
        var connection = _database.ApplicationConnectionString + ";Include Error Detail=true";
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("ConnectionStrings:Default", connection)
            .UseSetting("Results:Refresher", "false")
            .UseSetting("YearEnd:Enabled", "false")
            .UseSetting("WarmUp:Enabled", "false")
            .ConfigureServices(services => services
                .AddSingleton<ILogCapture>(this)
                .AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter>(new ClientAddressFilter()))
            .ConfigureTestServices(services => services
                .Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock))
                .Replace(ServiceDescriptor.Scoped<Microsoft.AspNetCore.Identity.IPasswordHasher<AppUser>>(provider => new CountingPasswordHasher(
                    new Microsoft.AspNetCore.Identity.PasswordHasher<AppUser>(provider.GetService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.PasswordHasherOptions>>()),
                    Verifications)))));
        var admin = Factory.Services.GetRequiredService<UserAdministration>();
        foreach (var (user, role, scope) in Users)
        {
            var created = Assert.IsType<UserOutcome.Created>(await admin.CreateAsync(new NewUser(user, user, role, scope), Actor.System));
            Passwords[user] = created.Password;
        }

        Inside = await AddResidentAsync("130102", "张三丰");
        Outside = await AddResidentAsync("230102", "李四光");
        Unregistered = await AddResidentAsync("130102", "王五");
        Registration = await RegisterAsync((await AddResidentAsync("130102", "赵六")).Id);
        Review = await OpenReviewAsync(Inside.Id);
    }

    /// <summary>Opens a review of 2026 (a payment the tax system lost) for a resident of 130102, as the clerk, with one scan.</summary>
    public async Task<(long Review, long Scan)> OpenReviewAsync(long personId)
    {
        var clerk = UserScope.For("clerk", Roles.Clerk, "130102", Infrastructure.Regions.RegionDirectory.Shipped);
        var reviews = Factory.Services.GetRequiredService<FileReviews>();
        var request = new OpenReviewRequest(personId, 2026, ReviewKind.PaymentLost, "2026年度已缴费", "税票 0001", null, Scheme.Resident, new DateOnly(2025, 11, 10), 380m, EnrollmentGroup.Ordinary, "130102")
        {
            Evidence = [new EvidenceUpload("证明.png", "image/png", ScanBytes)],
        };
        var opened = Assert.IsType<ReviewOutcome.Opened>(await reviews.OpenAsync(request, clerk));
        return (opened.ReviewId, (await reviews.GetAsync(opened.ReviewId, clerk))!.Evidence[0].Id);
    }

    /// <summary>Registers 2026 (paid 2026-03-10, after its collection period) for a resident of 130102, as the clerk.</summary>
    public async Task<long> RegisterAsync(long personId)
    {
        var clerk = UserScope.For("clerk", Roles.Clerk, "130102", Infrastructure.Regions.RegionDirectory.Shipped);
        var request = new RegistrationRequest(personId, new PendingEnrollment(2026, new DateOnly(2026, 3, 10), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        return Assert.IsType<RegistrationOutcome.Registered>(await Factory.Services.GetRequiredService<Registrations>().RegisterAsync(request, clerk)).RegistrationId;
    }

    /// <summary>A resident of <paramref name="county"/> insured in 2025, with an ID number unique in this database.</summary>
    public async Task<(long Id, string IdNumber, string Name)> AddResidentAsync(string county, string name)
    {
        var idNumber = TestIdNumbers.Next(county, new DateOnly(1980, 5, 6));
        await using var db = await Factory.Services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync();
        var person = new Person { IdNumber = idNumber, Name = name, BirthDate = new DateOnly(1980, 5, 6), Sex = Sex.Female, HouseholdCounty = county };
        person.Coverages.Add(new Coverage { Year = 2025, Scheme = Scheme.Resident, PaidOn = new DateOnly(2024, 11, 1), Origin = CoverageOrigin.Import });
        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return (person.Id, idNumber, name);
    }

    /// <summary>A client that keeps cookies and does not follow redirects; signed in as <paramref name="user"/> when given.</summary>
    public async Task<HttpClient> ClientAsync(string? user = null, string? password = null)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is not null)
        {
            using var response = await SignInAsync(client, user, password ?? Passwords[user]);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in of {user} answered {response.StatusCode}");
        }

        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string user, string password)
    {
        var page = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
            ["_handler"] = "login",
            ["Input.UserName"] = user,
            ["Input.Password"] = password,
        });
        return await client.PostAsync(new Uri("/account/login", UriKind.Relative), form);
    }

    /// <summary>The antiforgery token of the first form on a page.</summary>
    public static string Token(string html) => TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token on the page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>The in-process test server has no remote address; a real one always does.</summary>
    public const string ClientAddress = "10.9.8.7";

    private sealed class ClientAddressFilter : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use(following => context =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Parse(ClientAddress);
                return following(context);
            });
            next(app);
        };
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
