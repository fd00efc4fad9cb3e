namespace MedicalInsurance.Web.Hosting;

/// <summary>The <c>WarmUp</c> section: what the process does once, at start, so that the first clerk does not pay for it.</summary>
public sealed class WarmUpOptions
{
    public const string Section = "WarmUp";

    /// <summary>
    /// Whether the process warms up at start (<see cref="WarmUp"/>). On by default; test hosts switch it off, as they
    /// start many short-lived processes that no clerk waits on.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Seconds /healthz waits for the warm-up before it reports ready anyway (1 to 600): a database that is not there at
    /// start is retried until then, and a process that could not warm up still serves — only its first look-ups are slower.
    /// </summary>
    public int GiveUpSeconds { get; set; } = 60;
}
