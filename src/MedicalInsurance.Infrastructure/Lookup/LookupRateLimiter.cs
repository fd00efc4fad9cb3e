using System.Collections.Concurrent;

namespace MedicalInsurance.Infrastructure.Lookup;

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
