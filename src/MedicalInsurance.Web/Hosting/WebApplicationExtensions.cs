using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Web.Api;
using MedicalInsurance.Web.Components;
using MedicalInsurance.Web.Health;
using MedicalInsurance.Web.Security;
using MudBlazor.Services;
using Scalar.AspNetCore;
using Serilog;

namespace MedicalInsurance.Web.Hosting;

internal static class WebApplicationExtensions
{
    public static WebApplicationBuilder AddMedicalInsuranceWeb(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set; the README's run command sets it.");
        }

        builder.Services.AddMedicalInsuranceInfrastructure(connectionString);
        Imports.ImportServices.AddMedicalInsuranceImports(builder.Services, connectionString);
        if (builder.Configuration.GetValue("Dashboards:Refresher", true))
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<Dashboards.DashboardRefresher>(sp, connectionString));
        }

        builder.Services.AddHostedService<Scheduling.YearEndScheduler>();
        if (builder.Configuration.GetValue("Results:Refresher", true))
        {
            builder.Services.AddHostedService<Scheduling.ResultsFreshnessService>();
        }

        builder.Services.AddMedicalInsuranceSecurity();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddMedicalInsuranceLocalization();
        // Frames are denied by the security headers; the antiforgery system would otherwise add a second, weaker header.
        builder.Services.AddAntiforgery(o => o.SuppressXFrameOptionsHeader = true);
        // Chinese is written as itself in pages, not as numeric character references.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "城乡居民医保参保长效机制 计算接口";
            document.Info.Description = "大病保险最高支付限额和待遇等待期（CALC-CONTRACT.md）。以登录Cookie或 X-Api-Key 调用；身份证号码只放在请求体中。";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication UseMedicalInsuranceWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseMiddleware<SecurityHeaders>();
        app.UseRequestLocalization();
        app.UseSerilogRequestLogging();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<RequestAddressMiddleware>();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapStaticAssets().AllowAnonymous();
        app.MapLogout();
        app.MapCultureSwitch();
        app.MapCalcApi();
        app.MapRegistrationApi();
        Dashboards.ExportEndpoints.MapExports(app);
        Reviews.ReviewEndpoints.MapReviewEvidence(app);
        Imports.ImportEndpoints.MapImports(app, app.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName)!);
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
