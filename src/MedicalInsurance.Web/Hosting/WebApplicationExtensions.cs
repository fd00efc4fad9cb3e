using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Web.Components;
using MedicalInsurance.Web.Health;
using MudBlazor.Services;
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
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication UseMedicalInsuranceWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseSerilogRequestLogging();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz");
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
