using System.Text.Json;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Audit;

public static class AuditLog
{
    /// <summary>Adds an entry to the context: it is written by the caller's SaveChanges, in the same transaction as the change.</summary>
    public static void Add(MedicalInsuranceDbContext db, Actor actor, string action, long? personId, object? details = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        db.AuditEntries.Add(new AuditEntry
        {
            UserName = actor.UserName,
            ClientAddress = actor.ClientAddress,
            Action = action,
            PersonId = personId,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });
    }

    /// <summary>
    /// Audits a view of a person's record and saves it, unless the same user's same view (action and details) was audited
    /// within <see cref="LookupRateLimiter.RepeatWindow"/>: a page's two renders, a refresh or a reprint are one view.
    /// </summary>
    public static async Task AddViewOnceAsync(MedicalInsuranceDbContext db, Actor actor, string action, long personId, object details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        var json = JsonSerializer.Serialize(details);
        // The database's clock on both sides: the entry's time is its now(), and DateTimeOffset.UtcNow in this query is
        // translated to now() — it is not read in .NET, so the injected clock has no part here.
        if (!await db.AuditEntries.AnyAsync(a => a.PersonId == personId && a.At > DateTimeOffset.UtcNow - LookupRateLimiter.RepeatWindow
                && a.UserName == actor.UserName && a.Action == action && EF.Functions.JsonContains(a.Details!, json), cancellationToken))
        {
            Add(db, actor, action, personId, details);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The same entry for code that writes with Npgsql directly (the importer, the sweeps): run it in a batch.</summary>
    public static Npgsql.NpgsqlBatchCommand Command(Actor actor, string action, object details)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return BatchCommands.Of("insert into audit_entries (at, user_name, client_address, action, details) values (now(), $1, $2, $3, $4::jsonb)",
            actor.UserName, (object?)actor.ClientAddress ?? DBNull.Value, action, JsonSerializer.Serialize(details));
    }
}
