using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MedicalInsurance.Infrastructure;

/// <summary>The services of both hosts, the web app and the command line, registered in one place from their configuration.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DatabaseOptions"/> (a host without a usable connection string stops at start with
    /// one line saying so), registers one <see cref="NpgsqlDataSource"/> for the process, a pooled
    /// <see cref="IDbContextFactory{TContext}"/> over it (Blazor Server components take one context per operation), and
    /// every service that reads or writes the file.
    /// </summary>
    public static IServiceCollection AddMedicalInsuranceInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.AddOptions<ReplicaOptions>()
            .Bind(configuration.GetSection(ReplicaOptions.Section))
            .Validate(o => !o.Problems().Any(), ReplicaOptions.Section + " options are out of range (MaxLagSeconds at least 1, ProbeSeconds 1 to 60)")
            .ValidateOnStart();
        services.TryAddSingleton(sp =>
        {
            var builder = new NpgsqlDataSourceBuilder(DatabaseSetup.WithDefaults(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Default));
            if (sp.GetService<ILoggerFactory>() is { } loggers)
            {
                builder.UseLoggerFactory(loggers);
            }

            return builder.Build();
        });
        // The host's own logger factory, so database errors reach this host's sinks (and their masking) even when
        // several hosts share a process, as the tests' do.
        services.AddPooledDbContextFactory<MedicalInsuranceDbContext>((sp, o) =>
        {
            o.UseMedicalInsuranceDatabase(sp.GetRequiredService<NpgsqlDataSource>());
            if (sp.GetService<ILoggerFactory>() is { } loggers)
            {
                o.UseLoggerFactory(loggers);
            }
        });
        // One definition of healthy for both hosts: the web app's /healthz and `medins health`.
        services.AddHealthChecks().AddCheck<Hosting.DatabaseHealthCheck>("database").AddCheck<Hosting.ReplicaHealthCheck>("replica");
        services.TryAddSingleton<ReadRouting>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PolicyCatalogProvider>();
        services.AddSingleton<Registrations>();
        services.AddSingleton<CoverElsewhere>();
        services.AddSingleton<FileReviews>().AddSingleton<ReviewQueue>();
        services.AddSingleton<PersonFileCreation>();
        services.AddSingleton<PersonLookup>();
        services.AddSingleton<AuditSearch>();
        services.AddSingleton<DashboardQueries>();
        services.AddSingleton<EnrollmentTargets>();
        services.AddSingleton<CityTargets>();
        services.AddSingleton<CallLists>();
        services.AddSingleton<Population.UninsuredLists>();
        services.AddSingleton<Population.SmsTemplates>();
        services.AddSingleton<Population.Duplicates>();
        services.AddSingleton<Population.NewbornLists>();
        services.AddSingleton<Population.NewbornMerges>();
        services.AddSingleton<Population.PopulationExports>();
        services.AddSingleton<Population.Households>();
        services.AddSingleton<DashboardExports>();
        services.AddSingleton<ParameterAdministration>();
        services.AddSingleton<Importer>();
        services.AddSingleton<YearEnd>();
        services.AddSingleton<ResultsFreshness>();
        services.AddSingleton<ResultsFreshnessSignal>();
        services.TryAddSingleton(sp => new LookupRateLimiter(sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    private sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
