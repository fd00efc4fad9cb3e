using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>What a writing service says after its commit, so the writer's next reads see the write.</summary>
public static class ReadRoutingExtensions
{
    /// <summary>
    /// Notes <paramref name="scope"/>'s committed write (nothing to note without a router, as in tests that build a service
    /// alone, or without a replica).
    /// </summary>
    public static Task AfterWriteAsync(this ReadRouting? reads, UserScope scope, CancellationToken cancellationToken) =>
        reads is null || scope is null ? Task.CompletedTask : reads.NoteWriteAsync(scope.UserName, cancellationToken);

    /// <summary>A context to read with for <paramref name="scope"/>: where the router says, or on <paramref name="primary"/> without one.</summary>
    public static async Task<MedicalInsuranceDbContext> ReadContextAsync(this ReadRouting? reads, IDbContextFactory<MedicalInsuranceDbContext> primary, UserScope scope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(scope);
        return reads is null
            ? await primary.CreateDbContextAsync(cancellationToken)
            : await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
    }
}
