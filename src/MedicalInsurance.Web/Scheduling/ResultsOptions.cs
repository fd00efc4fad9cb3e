namespace MedicalInsurance.Web.Scheduling;

/// <summary>The <c>Results</c> section: keeping every file's stored results under the current stamp.</summary>
public sealed class ResultsOptions
{
    public const string Section = "Results";

    /// <summary>Whether this process recomputes every file when the stamp changed.</summary>
    public bool Refresher { get; set; } = true;

    /// <summary>Minutes between two checks of the stamp; at least 1.</summary>
    public int CheckMinutes { get; set; } = 10;
}
