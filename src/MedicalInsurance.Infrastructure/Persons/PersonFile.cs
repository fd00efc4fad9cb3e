using MedicalInsurance.Infrastructure.Registering;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>A person's whole file as loaded (no tracking): identity, every coverage record, claims summary and repair payment.</summary>
public sealed record PersonFile(Person Person)
{
    /// <summary>Payments for missed years; a repaired year stays a break year for every rule.</summary>
    public IReadOnlyList<RepairPayment> Repairs { get; init; } = [];

    /// <summary>The break years a repair paid back: the most recent ones before the year it was for.</summary>
    public bool IsRepaired(int year) => Repairs.Any(r => year < r.ForCoverageYear && year >= r.ForCoverageYear - r.Years);

    public IReadOnlyList<Coverage> Coverages => Person.Coverages;

    public IReadOnlyList<ClaimSummary> Claims => Person.Claims;
}
