using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// The catalog built from <c>policy_parameters</c>, cached: rebuilt when an administrator changes a row
/// (<see cref="Invalidate"/>) and at most a minute after a change made elsewhere.
/// </summary>
public sealed class PolicyCatalogProvider(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (PolicyCatalog Catalog, DateTimeOffset LoadedAt)? _current;

    public async ValueTask<PolicyCatalog> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_current is { } current && time.GetUtcNow() - current.LoadedAt < MaxAge)
        {
            return current.Catalog;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && time.GetUtcNow() - again.LoadedAt < MaxAge)
            {
                return again.Catalog;
            }

            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var rows = await db.PolicyParameters.AsNoTracking().ToListAsync(cancellationToken);
            var catalog = rows.Count == 0 ? PolicyCatalog.Shipped : PolicyDocument.ToCatalog(rows);
            _current = (catalog, time.GetUtcNow());
            return catalog;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Invalidate() => _current = null;
}
