using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

public static class DatabaseOptions
{
    /// <summary>The configuration key of the connection string, shared by the web app, the command line and the scripts.</summary>
    public const string ConnectionStringName = "Default";

    /// <summary>Applies the product's provider settings, so every host talks to the database the same way.</summary>
    public static DbContextOptionsBuilder UseMedicalInsuranceDatabase(this DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return builder
            .UseNpgsql(WithDefaults(connectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>
    /// Prepared statements for the hot reads (a file is loaded by the same three statements every time), unless the
    /// connection string says otherwise.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }
}
