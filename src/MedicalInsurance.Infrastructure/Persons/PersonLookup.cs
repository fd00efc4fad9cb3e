using System.Collections.Concurrent;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persons;

public abstract record LookupOutcome
{
    public sealed record Found(PersonFile File) : LookupOutcome;

    /// <summary>Absent, or outside the caller's scope: the same answer, so nothing leaks.</summary>
    public sealed record NotFound : LookupOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    public sealed record Invalid(string Message) : LookupOutcome;

    public sealed record TooMany(string Message) : LookupOutcome;
}

/// <summary>A match of a search by name and birth date: the ID number's last four characters only.</summary>
public sealed record PersonSummary(long Id, string Name, DateOnly BirthDate, string MaskedIdNumber, string HouseholdCounty);

/// <summary>
/// A sliding one-minute limit of look-ups per user. It lives in the look-up service because interactive circuits never
/// pass through the HTTP rate-limiting middleware. It also remembers which file each user was shown in the last
/// <see cref="RepeatWindow"/>: a page loads its file twice (the server's first render, then the interactive one), and a
/// clerk may refresh it; those are one look-up, counted and audited once.
/// </summary>
public sealed class LookupRateLimiter(TimeProvider time, int perMinute = 60)
{
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string User, long Person), DateTimeOffset> _shown = new();

    /// <summary>Whether this user was shown this file within <see cref="RepeatWindow"/>.</summary>
    public bool ShownRecently(string user, long personId) =>
        _shown.TryGetValue((user, personId), out var at) && time.GetUtcNow() - at < RepeatWindow;

    /// <summary>Remembers that the user was shown the file (and forgets what is older than the window).</summary>
    public void Shown(string user, long personId)
    {
        var now = time.GetUtcNow();
        _shown[(user, personId)] = now;
        if (_shown.Count > 10_000)
        {
            foreach (var (key, at) in _shown)
            {
                if (now - at >= RepeatWindow)
                {
                    _shown.TryRemove(key, out _);
                }
            }
        }
    }

    public int PerMinute => perMinute;

    public bool TryAcquire(string user)
    {
        var now = time.GetUtcNow();
        var queue = _recent.GetOrAdd(user, _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && now - queue.Peek() >= TimeSpan.FromMinutes(1))
            {
                queue.Dequeue();
            }

            if (queue.Count >= perMinute)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}

/// <summary>Finds files within the caller's scope; every file shown is audited as a view, in one transaction with the read.</summary>
public sealed class PersonLookup(IDbContextFactory<MedicalInsuranceDbContext> factory, LookupRateLimiter limiter)
{
    public string TooManyMessage => $"查询过于频繁：每分钟最多{limiter.PerMinute}次，请稍后再试。";

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
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var file = await load(db);
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
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
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
