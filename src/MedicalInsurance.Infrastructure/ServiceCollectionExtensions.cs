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
        services.AddPooledDbContextFactory<MedicalInsuranceDbContext>(o => o.UseMedicalInsuranceDatabase(connectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Parameters.PolicyCatalogProvider>();
        services.AddSingleton<Persons.Registrations>();
        services.AddSingleton<Persons.PersonFileCreation>();
        services.AddSingleton<Persons.PersonLookup>();
        services.TryAddSingleton(sp => new Persons.LookupRateLimiter(sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
