using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Infrastructure;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers a pooled <see cref="IDbContextFactory{TContext}"/>: Blazor Server components take one context per operation.</summary>
    public static IServiceCollection AddMedicalInsuranceInfrastructure(this IServiceCollection services, string connectionString)
    {
        services.AddPooledDbContextFactory<MedicalInsuranceDbContext>(o => o.UseMedicalInsuranceDatabase(connectionString));
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
