namespace MedicalInsurance.Infrastructure.Registering;

/// <summary>
/// A notice issued again after an accepted review changed the registration's decision: the decision as it now stands,
/// kept as issued (like <see cref="Registration.DecisionSnapshot"/>, which is version 1). The notice page shows the latest.
/// </summary>
public sealed class NoticeVersion
{
    public long Id { get; set; }

    public long RegistrationId { get; set; }

    /// <summary>2 for the first reissue, and so on: unique per registration.</summary>
    public int Version { get; set; }

    /// <summary>The accepted review that changed the decision.</summary>
    public long ReviewId { get; set; }

    /// <summary>The calculation response as issued (CALC-CONTRACT.md), json text exactly as written.</summary>
    public required string DecisionSnapshot { get; set; }

    public required string RulesVersion { get; set; }

    /// <summary>The payment of the registered year as the file holds it when reissued.</summary>
    public DateOnly PaidOn { get; set; }

    public decimal? Amount { get; set; }

    public required string IssuedBy { get; set; }

    public DateTimeOffset IssuedAt { get; set; }
}
