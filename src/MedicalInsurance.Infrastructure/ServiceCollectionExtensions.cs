using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MedicalInsurance.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers a pooled <see cref="IDbContextFactory{TContext}"/>: Blazor Server components take one context per operation.</summary>
    public static IServiceCollection AddMedicalInsuranceInfrastructure(this IServiceCollection services, string connectionString)
    {
        // The host's own logger factory, so database errors reach this host's sinks (and their masking) even when
        // several hosts share a process, as the tests' do.
        services.AddPooledDbContextFactory<MedicalInsuranceDbContext>((sp, o) =>
        {
            o.UseMedicalInsuranceDatabase(connectionString);
            if (sp.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() is { } loggers)
            {
                o.UseLoggerFactory(loggers);
            }
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Parameters.PolicyCatalogProvider>();
        services.AddSingleton<MedicalInsurance.Infrastructure.Registering.Registrations>();
        services.AddSingleton<Persons.CoverElsewhere>();
        services.AddSingleton<Reviews.FileReviews>().AddSingleton<Reviews.ReviewQueue>();
        services.AddSingleton<Persons.PersonFileCreation>();
        services.AddSingleton<MedicalInsurance.Infrastructure.Lookup.PersonLookup>();
        services.AddSingleton<Audit.AuditSearch>();
        services.AddSingleton<Dashboards.DashboardQueries>();
        services.AddSingleton<Dashboards.CallLists>();
        services.AddSingleton<Dashboards.DashboardExports>();
        services.AddSingleton<Parameters.ParameterAdministration>();
        services.TryAddSingleton(sp => new MedicalInsurance.Infrastructure.Lookup.LookupRateLimiter(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
