using System.Data.Common;
using System.Net.Sockets;
using Npgsql;

namespace MedicalInsurance.Web.Components.Shared;

/// <summary>
/// A page's work with the database, run so that the database being unreachable (stopped, restarting, refusing
/// connections) becomes an error shown in place with a retry, not an exception: Blazor Server ends a circuit on an
/// unhandled exception, and with it the page and everything typed into it. Exceptions that are not the database's still
/// propagate (the layout's error boundary shows them). One instance per component (transient), remembering the last work
/// for <see cref="RetryAsync"/>.
/// </summary>
public sealed class DatabaseAttempt(NpgsqlDataSource dataSource, ILogger<DatabaseAttempt> log)
{
    private Func<Task>? _work;

    /// <summary>The last work failed because the database could not answer.</summary>
    public bool Failed { get; private set; }

    /// <summary>How many times work failed so; shown on the error, so a retry that failed again can be told from the first.</summary>
    public int Failures { get; private set; }

    public async Task RunAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _work = work;
        Failed = false;
        try
        {
            await work();
        }
        catch (Exception ex) when (IsDatabaseFailure(ex))
        {
            Failed = true;
            Failures++;
            log.LogWarning(ex, "The database could not answer a page's request; the page offers a retry");
            // The pool's idle connections died with the server's sessions: drop them, so a retry opens fresh ones instead
            // of failing once more on each dead one.
            dataSource.Clear();
        }
    }

    /// <summary>Runs the last work again (the clerk's retry); nothing when there was none.</summary>
    public Task RetryAsync() => _work is null ? Task.CompletedTask : RunAsync(_work);

    /// <summary>
    /// The database did not answer, at any depth (EF Core wraps it): a refused or broken connection, a timeout, or the
    /// server's own word that it cannot serve now — connection errors (08), a shutdown or terminated session (57), a
    /// database closed to connections (55000), or whatever Npgsql deems transient. A server's answer about the request
    /// itself (a constraint, a syntax error) is a bug, not an outage, and is not caught.
    /// </summary>
    public static bool IsDatabaseFailure(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException server:
                    return server.IsTransient || server.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || server.SqlState.StartsWith("57", StringComparison.Ordinal) || server.SqlState == PostgresErrorCodes.ObjectNotInPrerequisiteState;
                case DbException or TimeoutException or SocketException:
                    return true;
            }
        }

        return false;
    }
}
