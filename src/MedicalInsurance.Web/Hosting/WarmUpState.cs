namespace MedicalInsurance.Web.Hosting;

/// <summary>Where the warm-up at start is: /healthz reports not ready while it runs (<see cref="WarmUpHealthCheck"/>).</summary>
public sealed class WarmUpState
{
    private volatile string _stage = Stages.Running;

    /// <summary>One of <see cref="Stages"/>.</summary>
    public string Stage => _stage;

    internal void Set(string stage) => _stage = stage;

    public static class Stages
    {
        /// <summary>Still running, or retrying a database that did not answer.</summary>
        public const string Running = "running";

        /// <summary>Done: the first look-up runs on compiled code and a built model.</summary>
        public const string Warm = "warm";

        /// <summary>Switched off (<see cref="WarmUpOptions.Enabled"/>).</summary>
        public const string Off = "off";

        /// <summary>Not done within <see cref="WarmUpOptions.GiveUpSeconds"/>: the process serves anyway.</summary>
        public const string GaveUp = "gave-up";
    }
}
