namespace MedicalInsurance.Web.Circuits;

/// <summary>
/// The <c>Circuits</c> section: how many interactive sessions (Blazor circuits) one process holds, and when it lets go of
/// one nobody uses. docs/scale-out.md, one web process, says how the limit was measured.
/// </summary>
public sealed class CircuitsOptions
{
    public const string Section = "Circuits";

    /// <summary>
    /// Circuits this process holds at most, connected or kept for a reconnect; at least 1. A page that would open one
    /// more answers 503 with the busy page (系统繁忙，请稍后再试), which retries by itself.
    /// </summary>
    public int MaxCircuits { get; set; } = 300;

    /// <summary>Seconds a circuit whose browser went away is kept for it to reconnect (a network blip, a laptop lid); 1 to 3,600.</summary>
    public int DisconnectedRetentionSeconds { get; set; } = 120;

    /// <summary>
    /// Disconnected circuits kept at most for a reconnect, the oldest let go first; at least 0. They count against
    /// <see cref="MaxCircuits"/> while kept.
    /// </summary>
    public int DisconnectedMaxRetained { get; set; } = 100;

    /// <summary>
    /// Minutes without any input from the browser after which its page is replaced by a static one saying so and the
    /// circuit is released (the sign-in stays); 0 never. At most 1,440.
    /// </summary>
    public int IdleMinutes { get; set; } = 30;
}
