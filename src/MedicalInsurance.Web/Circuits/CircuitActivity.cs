namespace MedicalInsurance.Web.Circuits;

/// <summary>When this circuit last heard from its browser (a click, a key, a navigation): kept per circuit.</summary>
public sealed class CircuitActivity(TimeProvider time)
{
    public DateTimeOffset Last { get; private set; } = time.GetUtcNow();

    public TimeSpan IdleFor => time.GetUtcNow() - Last;

    public void Touch() => Last = time.GetUtcNow();
}
