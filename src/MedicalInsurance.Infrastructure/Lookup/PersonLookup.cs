using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Lookup;

/// <summary>
/// Finds files within the caller's scope, reading where <see cref="ReadRouting"/> says (the replica when it is current and
/// has the caller's own writes); every file shown is audited as a view on the primary before it is shown.
/// </summary>
public sealed class PersonLookup(IDbContextFactory<MedicalInsuranceDbContext> factory, LookupRateLimiter limiter, ReadRouting reads)
{
    public string TooManyMessage => $"查询过于频繁：每分钟最多{limiter.PerMinute}次，请稍后再试。";

    /// <summary>Look-ups a user may make in a minute (the page says it in its own language).</summary>
    public int PerMinute => limiter.PerMinute;

    public async Task<LookupOutcome> FindByIdNumberAsync(UserScope scope, string idNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!IdNumber.TryParse(idNumber, out var id, out var error))
        {
            return new LookupOutcome.Invalid(error!);
        }

        return await FindAsync(scope, db => PersonFiles.LoadByIdNumberAsync(db, id.Value, cancellationToken, withRepairs: true), cancellationToken);
    }

    public Task<LookupOutcome> FindAsync(UserScope scope, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return FindAsync(scope, db => PersonFiles.LoadAsync(db, personId, cancellationToken, withRepairs: true), cancellationToken);
    }

    private async Task<LookupOutcome> FindAsync(UserScope scope, Func<MedicalInsuranceDbContext, Task<PersonFile?>> load, CancellationToken cancellationToken)
    {
        PersonFile? file;
        await using (var read = await reads.CreateReadContextAsync(scope.UserName, cancellationToken))
        {
            file = await load(read);
        }

        var found = file is not null && scope.Covers(file.Person.HouseholdCounty);
        if (found && limiter.ShownRecently(scope.UserName, file!.Person.Id))
        {
            // The same view as moments ago (the page's interactive render after its first one, a refresh): audited then.
            return new LookupOutcome.Found(file);
        }

        if (!limiter.TryAcquire(scope.UserName))
        {
            return new LookupOutcome.TooMany(TooManyMessage);
        }

        if (!found)
        {
            return new LookupOutcome.NotFound();
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        AuditLog.Add(db, scope.Actor, "view", file!.Person.Id);
        await db.SaveChangesAsync(cancellationToken);
        limiter.Shown(scope.UserName, file.Person.Id);
        return new LookupOutcome.Found(file);
    }

    /// <summary>
    /// Search by name and birth date within scope; the list shows only the last four characters of each ID number.
    /// Null when the caller is over the look-up limit.
    /// </summary>
    public async Task<IReadOnlyList<PersonSummary>?> SearchAsync(UserScope scope, string name, DateOnly birthDate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!limiter.TryAcquire(scope.UserName))
        {
            return null;
        }

        var counties = scope.Counties.ToArray();
        await using var db = await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
        var rows = await db.Persons.AsNoTracking()
            .Where(p => counties.Contains(p.HouseholdCounty) && p.Name == name.Trim() && p.BirthDate == birthDate)
            .OrderBy(p => p.Id).Take(50)
            .Select(p => new { p.Id, p.Name, p.BirthDate, p.IdNumber, p.HouseholdCounty })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PersonSummary(r.Id, r.Name, r.BirthDate, IdNumber.Parse(r.IdNumber).Masked, r.HouseholdCounty)).ToList();
    }

    /// <summary>The full ID number, shown on request and audited.</summary>
    public async Task<string?> RevealIdNumberAsync(UserScope scope, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.IdNumber, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !scope.Covers(person.HouseholdCounty))
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reveal", personId, new { field = "idNumber" });
        await db.SaveChangesAsync(cancellationToken);
        return person.IdNumber;
    }
}
