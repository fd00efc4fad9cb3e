using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.WaitingPeriods;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>The answer: the cap (null unless resident-insured in T), the decision (null without a payment for T),
/// every parameter used with its status, and what a clerk must see that the numbers do not show.</summary>
public sealed record CalculationResult
{
    public required int CoverageYear { get; init; }

    /// <summary>b(T): consecutive break years before T, whether or not a decision was made.</summary>
    public required int BreakYears { get; init; }

    /// <summary>Insured in T under any scheme.</summary>
    public required bool Insured { get; init; }

    public CapStatement? Cap { get; init; }

    public WaitingPeriodDecision? WaitingPeriod { get; init; }

    public required IReadOnlyList<PolicyParameter> Parameters { get; init; }

    public required IReadOnlyList<string> Notes { get; init; }
}
