using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Web.Components.Pages.Registering;

/// <summary>What the clerk enters to register a late or returning enrollee.</summary>
public sealed class RegistrationForm
{
    public int CoverageYear { get; set; }

    public DateTime? PaidOn { get; set; }

    public decimal? Amount { get; set; }

    public EnrollmentGroup Group { get; set; } = EnrollmentGroup.Ordinary;

    public int RepairYears { get; set; }

    /// <summary>Switching from employee insurance: then the last day of that cover and whether the gap was back-paid.</summary>
    public bool FromEmployeeInsurance { get; set; }

    public DateTime? PreviousCoverageEndedOn { get; set; }

    public bool GapBackPaid { get; set; }
}
