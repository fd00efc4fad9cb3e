namespace MedicalInsurance.Testing;

/// <summary>
/// The real clock moved to a chosen moment: time runs on as usual (timeouts, cookies and lockouts behave), but "today" is
/// the day the test needs, whatever the date of the run — for answers that depend on the date (the year being collected).
/// </summary>
public sealed class ShiftedClock(DateTimeOffset startsAt) : TimeProvider
{
    private readonly TimeSpan _shift = startsAt - System.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
