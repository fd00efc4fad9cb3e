using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// What running in production behind a TLS proxy needs: one key ring for every process (in PostgreSQL), the client's
/// address and scheme believed from configured proxies only, and HSTS on https responses.
/// </summary>
internal static class DeploymentExtensions
{
    /// <summary>
    /// The data-protection application name: processes with the same name and key ring read each other's cookies and
    /// antiforgery tokens, wherever their content root is (a container's /app/web, a developer's clone).
    /// </summary>
    public const string ApplicationName = "MedicalInsurance";

    public static IServiceCollection AddMedicalInsuranceDeployment(this IServiceCollection services)
    {
        // Keys live in the database, not in the container's file system: a rebuilt container and a second instance
        // keep accepting the cookies already issued. The XML is not encrypted at rest (no certificate to manage); it is
        // as safe as the database that holds the residents' files, and the app role may only add to it.
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<MedicalInsuranceDbContext>();

        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((options, configured) =>
        {
            // The framework's defaults trust loopback, and with both lists empty it trusts everyone: start from nothing.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            var proxies = configured.Value;
            if (!proxies.Any)
            {
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }

            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Every hop is checked against the lists, from the nearest back: a chain of known proxies is followed to the
            // first address that is not one, which is the client.
            options.ForwardLimit = null;
            foreach (var address in proxies.Proxies)
            {
                options.KnownProxies.Add(address);
            }

            foreach (var network in proxies.Networks)
            {
                options.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }

    private sealed class ProxyOptionsValidator : IValidateOptions<ProxyOptions>
    {
        public ValidateOptionsResult Validate(string? name, ProxyOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
