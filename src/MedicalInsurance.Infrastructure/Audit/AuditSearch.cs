using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Audit;

/// <summary>The administrators' search of the audit: by person, user and dates (China), newest first.</summary>
public sealed class AuditSearch(IDbContextFactory<MedicalInsuranceDbContext> factory)
{
    public async Task<IReadOnlyList<AuditEntry>> FindAsync(long? personId, string? userName, DateOnly? from, DateOnly? to, int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (personId is { } person)
        {
            query = query.Where(a => a.PersonId == person);
        }

        if (!string.IsNullOrWhiteSpace(userName))
        {
            query = query.Where(a => a.UserName == userName.Trim());
        }

        if (from is { } f)
        {
            var start = Domain.Time.ChinaCalendar.StartOfDay(f);
            query = query.Where(a => a.At >= start);
        }

        if (to is { } t)
        {
            var end = Domain.Time.ChinaCalendar.StartOfDay(t.AddDays(1));
            query = query.Where(a => a.At < end);
        }

        return await query.OrderByDescending(a => a.Id).Take(limit).ToListAsync(cancellationToken);
    }
}
