namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// A county's enrollment-rate target for a coverage year (目标任务分解到县区), in percent with one decimal as offices
/// publish it; set by a supervisor over the county or an administrator, audited. One per county and year: setting it
/// again replaces it.
/// </summary>
public sealed class EnrollmentTarget
{
    public required string County { get; init; }

    public int Year { get; init; }

    /// <summary>0.0 to 100.0.</summary>
    public decimal Percent { get; set; }

    public required string SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }
}
