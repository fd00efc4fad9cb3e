using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>How every host talks to the database: one data source per connection string, the same provider settings.</summary>
public static class DatabaseSetup
{
    /// <summary>The configuration key of the connection string, shared by the web app, the command line and the scripts.</summary>
    public const string ConnectionStringName = "Default";

    /// <summary>Applies the product's provider settings over a data source, so every host talks to the database the same way.</summary>
    public static DbContextOptionsBuilder UseMedicalInsuranceDatabase(this DbContextOptionsBuilder builder, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return builder
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>The same over a bare connection string (design time, tests that watch their own commands).</summary>
    public static DbContextOptionsBuilder UseMedicalInsuranceDatabase(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder
            .UseNpgsql(WithDefaults(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>A data source over the connection string with the product's defaults; the caller owns it.</summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new NpgsqlDataSourceBuilder(WithDefaults(connectionString)).Build();
    }

    /// <summary>
    /// Prepared statements for the hot reads (a file is loaded by the same three statements every time), unless the
    /// connection string says otherwise.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
