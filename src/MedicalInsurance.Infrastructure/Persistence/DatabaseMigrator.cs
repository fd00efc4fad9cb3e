using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persistence;

public static class DatabaseMigrator
{
    /// <summary>Applies every pending migration; returns the names applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(IDbContextFactory<MedicalInsuranceDbContext> factory, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }
}
