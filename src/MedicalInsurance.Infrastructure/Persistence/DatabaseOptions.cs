using Npgsql;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// The connection strings, bound from the <c>ConnectionStrings</c> section (environment: <c>ConnectionStrings__Default</c>)
/// and validated when the host starts: a host without a readable <see cref="Default"/> does not start.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Section = "ConnectionStrings";

    /// <summary>The primary: every write, and every read unless a replica is configured.</summary>
    public string Default { get; set; } = "";

    /// <summary>
    /// A streaming replica of the primary (optional, read-only, as the application role): look-ups, dashboards and call
    /// lists read there when it is current (<see cref="ReadRouting"/>).
    /// </summary>
    public string? Replica { get; set; }

    /// <summary>Problems with these options, in one line each; empty when they are usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Default))
        {
            yield return $"{Section}:{DatabaseSetup.ConnectionStringName} is not set (the database's connection string; the README's run command sets it)";
            yield break;
        }

        string? problem = null;
        try
        {
            _ = new NpgsqlConnectionStringBuilder(Default);
        }
        catch (ArgumentException ex)
        {
            problem = $"{Section}:{DatabaseSetup.ConnectionStringName} is not a connection string: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return problem;
        }

        if (!string.IsNullOrWhiteSpace(Replica))
        {
            string? replicaProblem = null;
            try
            {
                _ = new NpgsqlConnectionStringBuilder(Replica);
            }
            catch (ArgumentException ex)
            {
                replicaProblem = $"{Section}:{nameof(Replica)} is not a connection string: {ex.Message}";
            }

            if (replicaProblem is not null)
            {
                yield return replicaProblem;
            }
        }
    }
}
