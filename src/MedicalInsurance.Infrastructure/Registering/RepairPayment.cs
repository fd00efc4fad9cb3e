namespace MedicalInsurance.Infrastructure.Registering;

/// <summary>A payment for missed years to shorten a waiting period. Never a coverage record: a repaired year stays a break year.</summary>
public sealed class RepairPayment
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public long RegistrationId { get; set; }

    /// <summary>The coverage year whose waiting period the repair shortens.</summary>
    public required int ForCoverageYear { get; set; }

    public required int Years { get; set; }

    public required decimal Amount { get; set; }

    public required DateOnly PaidOn { get; set; }
}
