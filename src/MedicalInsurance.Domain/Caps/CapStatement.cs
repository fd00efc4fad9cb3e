namespace MedicalInsurance.Domain.Caps;

/// <summary>The catastrophic-illness cap for coverage year T and how it was reached (RULES.md §2).</summary>
public sealed record CapStatement
{
    public required decimal Original { get; init; }

    public required int ContinuousSteps { get; init; }

    /// <summary>Zero-claim steps still counting after any clearing.</summary>
    public required int ZeroClaimSteps { get; init; }

    public required decimal Increase { get; init; }

    public required decimal Decrease { get; init; }

    public decimal Effective => Original + Increase - Decrease;

    public required IReadOnlyList<CapLine> Lines { get; init; }
}
