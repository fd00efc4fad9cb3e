using MedicalInsurance.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>The hosts' registration of services, over the connection string a benchmark is given.</summary>
internal static class BenchmarkServices
{
    public static ServiceProvider For(string connectionString) =>
        new ServiceCollection()
            .AddMedicalInsuranceInfrastructure(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connectionString })
                .Build())
            .BuildServiceProvider();
}
