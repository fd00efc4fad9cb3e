namespace MedicalInsurance.Infrastructure.Results;

/// <summary>
/// Wakes the background check at once (a parameter was just saved) instead of at its next interval.
/// </summary>
public sealed class ResultsFreshnessSignal : IDisposable
{
    private readonly SemaphoreSlim _poked = new(0, 1);

    public void Poke()
    {
        try
        {
            _poked.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already poked: one check covers both.
        }
    }

    /// <summary>Until poked or <paramref name="timeout"/> has passed.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _poked.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _poked.Dispose();
}
