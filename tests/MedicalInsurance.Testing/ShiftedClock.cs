namespace MedicalInsurance.Testing;

/// <summary>
/// The real clock moved to a chosen moment: time runs on as usual (timeouts, cookies and lockouts behave), but "today" is
/// the day the test needs, whatever the date of the run — for answers that depend on the date (the year being collected).
/// A test can move it on (<see cref="Advance"/>) to pass an interval without waiting for it.
/// </summary>
public sealed class ShiftedClock(DateTimeOffset startsAt) : TimeProvider
{
    private long _shiftTicks = (startsAt - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));

    /// <summary>Moves the clock on by <paramref name="by"/>, for every reader at once.</summary>
    public void Advance(TimeSpan by) => Interlocked.Add(ref _shiftTicks, by.Ticks);
}
