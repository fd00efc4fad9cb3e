using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Web.Api;
using MedicalInsurance.Web.Circuits;
using MedicalInsurance.Web.Components;
using MedicalInsurance.Web.Security;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Serilog;

namespace MedicalInsurance.Web.Hosting;

/// <summary>The app's registrations and pipeline, named so that Program.cs stays short and a test starts the same host.</summary>
public static class WebApplicationExtensions
{
    /// <summary>The app as Program.cs runs it — logging, registrations, pipeline — from a builder the caller has configured.</summary>
    public static WebApplication BuildMedicalInsurance(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddMedicalInsuranceLogging();
        builder.AddMedicalInsuranceWeb();
        var app = builder.Build();
        app.UseMedicalInsuranceWeb();
        return app;
    }

    internal static WebApplicationBuilder AddMedicalInsuranceWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddMedicalInsuranceInfrastructure(builder.Configuration);
        builder.Services.AddSingleton<Imports.ImportJobs>();
        builder.Services.AddTransient<Components.Shared.DatabaseAttempt>();
        builder.Services.AddOptions<Dashboards.DashboardsOptions>().BindConfiguration(Dashboards.DashboardsOptions.Section)
            .Validate(o => o.RefreshSeconds >= 1, "Dashboards:RefreshSeconds must be at least 1").ValidateOnStart();
        builder.Services.AddOptions<Scheduling.ResultsOptions>().BindConfiguration(Scheduling.ResultsOptions.Section)
            .Validate(o => o.CheckMinutes >= 1, "Results:CheckMinutes must be at least 1").ValidateOnStart();
        builder.Services.AddOptions<Scheduling.YearEndOptions>().BindConfiguration(Scheduling.YearEndOptions.Section)
            .Validate(o => o.RunOnDay is not null, "YearEnd:RunOn must be a month and day (MM-dd)").ValidateOnStart();
        builder.Services.AddOptions<Circuits.CircuitsOptions>().BindConfiguration(Circuits.CircuitsOptions.Section)
            .Validate(o => o.MaxCircuits >= 1, "Circuits:MaxCircuits must be at least 1")
            .Validate(o => o.DisconnectedRetentionSeconds is >= 1 and <= 3600, "Circuits:DisconnectedRetentionSeconds must be from 1 to 3600")
            .Validate(o => o.DisconnectedMaxRetained >= 0, "Circuits:DisconnectedMaxRetained must be at least 0")
            .Validate(o => o.IdleMinutes is >= 0 and <= 1440, "Circuits:IdleMinutes must be from 0 (never) to 1440").ValidateOnStart();
        builder.Services.AddMedicalInsuranceCircuits();
        builder.Services.AddMedicalInsuranceWarmUp();
        builder.Services.AddHostedService<Dashboards.DashboardRefresher>();
        builder.Services.AddHostedService<Scheduling.YearEndScheduler>();
        builder.Services.AddHostedService<Scheduling.ResultsFreshnessService>();

        builder.Services.AddMedicalInsuranceSecurity();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddMedicalInsuranceLocalization();
        // Frames are denied by the security headers; the antiforgery system would otherwise add a second, weaker header.
        // Secure whenever the request is https, as seen through a configured proxy (DeploymentExtensions); plain http on a
        // developer's machine keeps working.
        builder.Services.AddAntiforgery(o =>
        {
            o.SuppressXFrameOptionsHeader = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddMedicalInsuranceDeployment();
        // Chinese is written as itself in pages, not as numeric character references.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "城乡居民医保参保长效机制 计算接口";
            document.Info.Description = "大病保险最高支付限额和待遇等待期（CALC-CONTRACT.md）。以登录Cookie或 X-Api-Key 调用；身份证号码只放在请求体中。";
            return Task.CompletedTask;
        }));
        return builder;
    }

    internal static WebApplication UseMedicalInsuranceWeb(this WebApplication app)
    {
        // First: everything after it (the audit's client address, Secure cookies, HSTS) sees the client and scheme the
        // configured proxy reports — or, with none configured, the connection itself.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            // On https responses only (the middleware skips http and localhost).
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLocalization();
        app.UseSerilogRequestLogging();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<PasswordChangeRequired>();
        app.UseMiddleware<RequestAddressMiddleware>();
        app.UseAntiforgery();
        // Signed in and authorized: a page that would open one circuit too many answers the busy page instead.
        app.UseMiddleware<Circuits.CircuitAdmission>();

        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { ResponseWriter = HealthText.WriteAsync }).AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapLogout();
        app.MapCultureSwitch();
        app.MapCalcApi();
        app.MapRegistrationApi();
        Dashboards.ExportEndpoints.MapExports(app);
        Reviews.ReviewEndpoints.MapReviewEvidence(app);
        Population.PopulationEndpoints.MapPopulation(app);
        Imports.ImportEndpoints.MapImports(app);
        if (app.Environment.IsEnvironment("Benchmark"))
        {
            app.MapBenchmarkBaseline();
        }

        // The API's description and a page to browse and try it; signed-in users only, like everything else.
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(AuthorizationSetup.ApiAnyRole);
        app.MapScalarApiReference("/api-docs", o => o.WithTitle("计算接口").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .RequireAuthorization(AuthorizationSetup.ApiAnyRole);
        // Frame ancestors are in our own policy ('none'); Blazor would send a second, weaker one ('self').
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
