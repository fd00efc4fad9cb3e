using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Circuits;

/// <summary>
/// Counts this process's circuits against <see cref="CircuitsOptions.MaxCircuits"/>. A page is admitted while the
/// circuits open plus the pages admitted whose circuit has not opened yet stay under the limit; the place a page holds
/// is taken over by the next circuit that opens, or given back after <see cref="AdmissionHold"/> (a browser that never
/// started its circuit). So a burst of page loads cannot overshoot the limit between a page and its circuit.
/// </summary>
public sealed class CircuitLimit(IOptions<CircuitsOptions> options, TimeProvider time)
{
    /// <summary>How long an admitted page holds a place for its circuit: the circuit starts within a second or two of the page.</summary>
    public static readonly TimeSpan AdmissionHold = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _admitted = new();
    private int _open;

    public int Max => options.Value.MaxCircuits;

    /// <summary>Circuits open now (connected, or disconnected and kept for a reconnect).</summary>
    public int Open
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>Admits a page that will open a circuit; false when the process is full.</summary>
    public bool TryAdmit()
    {
        lock (_lock)
        {
            ForgetExpired();
            if (_open + _admitted.Count >= Max)
            {
                return false;
            }

            _admitted.Enqueue(time.GetUtcNow());
            return true;
        }
    }

    /// <summary>A circuit opened: it takes the place its page held.</summary>
    public void Opened()
    {
        lock (_lock)
        {
            _open++;
            ForgetExpired();
            _admitted.TryDequeue(out _);
        }
    }

    /// <summary>A circuit closed (its browser left, or it was let go after a disconnect): its place is free.</summary>
    public void Closed()
    {
        lock (_lock)
        {
            _open = Math.Max(0, _open - 1);
        }
    }

    private void ForgetExpired()
    {
        var now = time.GetUtcNow();
        while (_admitted.TryPeek(out var at) && now - at >= AdmissionHold)
        {
            _admitted.Dequeue();
        }
    }
}
