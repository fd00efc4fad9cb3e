using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Web.Components.Calculation;
using MedicalInsurance.Web.Components.Pages.Persons;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// Runs, once at start, what the first look-up after a start would otherwise pay for (docs/benchmarks.md, a fast first
/// look-up): the EF model and a query through it, the look-up's statements by ID number on the connection reads take,
/// the engine once per province served, and a render of the file view with its statement, timeline and decision. It
/// reads and never writes: no audit entry, no view counted against anyone's limit. It runs beside the server, which
/// accepts requests meanwhile while /healthz says not ready (<see cref="WarmUpState"/>); a database that does not answer
/// is retried every few seconds until <see cref="WarmUpOptions.GiveUpSeconds"/>, and then the process serves anyway.
/// </summary>
public sealed class WarmUp(IServiceScopeFactory scopes, IOptions<WarmUpOptions> options, WarmUpState state, TimeProvider time, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(3);
    private readonly ILogger _log = loggers.CreateLogger<WarmUp>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            state.Set(WarmUpState.Stages.Off);
            return;
        }

        // Off the start-up path: the host goes on starting the server while this runs.
        await Task.Yield();
        var giveUpAt = time.GetUtcNow().AddSeconds(options.Value.GiveUpSeconds);
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                var elapsed = await RunAsync(stoppingToken);
                state.Set(WarmUpState.Stages.Warm);
                _log.LogInformation("Warmed up in {Elapsed} ms (attempt {Attempt})", (long)elapsed.TotalMilliseconds, attempt);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Only a database that is not there (yet) is worth waiting for; anything else would fail again.
                if (!Components.Shared.DatabaseAttempt.IsDatabaseFailure(ex) || time.GetUtcNow() + RetryEvery >= giveUpAt)
                {
                    state.Set(WarmUpState.Stages.GaveUp);
                    _log.LogWarning(ex, "Warm-up failed (attempt {Attempt}); serving anyway, the first requests pay for what it would have done", attempt);
                    return;
                }

                _log.LogInformation("Warm-up attempt {Attempt} failed, the database did not answer ({Problem}); retrying", attempt, ex.Message);
            }

            try
            {
                await Task.Delay(RetryEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>The warm-up itself, for a test to run directly.</summary>
    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;

        // The EF model is built by the first context; the catalog is a query through it.
        var catalog = await services.GetRequiredService<PolicyCatalogProvider>().GetAsync(cancellationToken);
        await using var db = await services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(cancellationToken);
        var idNumber = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => p.IdNumber).FirstOrDefaultAsync(cancellationToken);

        // The look-up's own statements, by ID number, on a file that exists when there is one.
        var today = ChinaCalendar.Today(time);
        PersonFile? stored;
        await using (var read = await services.GetRequiredService<ReadRouting>().CreateReadContextAsync(userName: null, cancellationToken))
        {
            stored = await PersonFiles.LoadByIdNumberAsync(read, idNumber ?? Example("110101", today).Person.IdNumber, cancellationToken, withRepairs: true);
        }


        // The engine once per province served, as the file view asks it: every year from the mechanism's start.
        PersonFile? shown = stored;
        foreach (var province in RegionDirectory.Shipped.All.Where(r => r.PolicyId is not null).OrderBy(r => r.Code, StringComparer.Ordinal))
        {
            var county = RegionDirectory.Shipped.CountiesWithin(province.Code).FirstOrDefault();
            if (county is null)
            {
                continue;
            }

            var file = Example(county, today);
            shown ??= file;
            for (var year = today.Year - 3; year <= today.Year + 1; year++)
            {
                if (FileCalculator.Calculate(file, year, today, catalog, RegionDirectory.Shipped).Result is { } result)
                {
                    _ = CalcView.From(result);
                }
            }
        }

        if (shown is not null)
        {
            await RenderAsync(services, shown);
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// The file view as a clerk of the person's county is shown it, rendered to HTML and thrown away: the components' code
    /// and MudBlazor's, the localizer and the renderer's diffing. The clerk is a principal made here, signed in nowhere.
    /// </summary>
    private async Task RenderAsync(IServiceProvider services, PersonFile file)
    {
        var clerk = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "warm-up"), new Claim(ClaimTypes.Role, Roles.Clerk), new Claim(UserScope.ScopeClaim, file.Person.HouseholdCounty)],
            authenticationType: "warm-up"));
        var state = Task.FromResult(new AuthenticationState(clerk));
        // What a request would have set in this scope before rendering: who is asking (the file view reads its reviews in
        // the caller's scope) and where (links).
        if (services.GetService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(state);
        }

        if (services.GetService<NavigationManager>() is IHostEnvironmentNavigationManager navigation)
        {
            navigation.Initialize("http://localhost/", "http://localhost/persons/lookup");
        }

        RenderFragment view = builder =>
        {
            // The popover provider the layout holds: without it a component with a popover logs an error at every start.
            builder.OpenComponent<MudBlazor.MudPopoverProvider>(0);
            builder.CloseComponent();
            builder.OpenComponent<PersonFileView>(1);
            builder.AddComponentParameter(2, nameof(PersonFileView.File), file);
            builder.CloseComponent();
        };

        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Localization.Cultures[0];
        try
        {
            await using var renderer = new HtmlRenderer(services, loggers);
            await renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = Microsoft.AspNetCore.Components.ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(CascadingValue<Task<AuthenticationState>>.Value)] = state,
                    [nameof(CascadingValue<Task<AuthenticationState>>.ChildContent)] = view,
                });
                var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(parameters);
                _ = output.ToHtmlString();
            });
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    /// <summary>A resident of a county, insured every year from four years ago, one of them late: never stored.</summary>
    private static PersonFile Example(string county, DateOnly today)
    {
        var birth = new DateOnly(1980, 5, 6);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"{county}{birth:yyyyMMdd}999");
        var person = new Person { IdNumber = first17 + IdNumber.CheckCharacter(first17), Name = "预热", BirthDate = birth, Sex = Sex.Female, HouseholdCounty = county };
        for (var year = today.Year - 4; year <= today.Year; year++)
        {
            var paidOn = year == today.Year - 1 ? new DateOnly(year, 3, 1) : new DateOnly(year - 1, 11, 1);
            person.Coverages.Add(new Coverage { Year = year, Scheme = Scheme.Resident, PaidOn = paidOn, Origin = CoverageOrigin.Import });
        }

        return new PersonFile(person);
    }
}
