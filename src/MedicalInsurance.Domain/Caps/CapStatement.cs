namespace MedicalInsurance.Domain.Caps;

public enum CapLineKind
{
    /// <summary>A continuous-enrollment step (连续参保激励), earned in the line's year.</summary>
    Continuous,

    /// <summary>A zero-claim step (零报销激励), earned in the line's year and counting from the next.</summary>
    ZeroClaim,

    /// <summary>A decrease for a return after a break (断保约束), in the year of the return.</summary>
    BreakPenalty,

    /// <summary>What a 20 % ceiling removed: negative on the increase, positive on the decrease.</summary>
    Ceiling,
}

/// <summary>
/// One line of the statement a clerk reads aloud. <see cref="Amount"/> is signed as it acts on the cap, so the lines
/// add up to <see cref="CapStatement.Effective"/> − <see cref="CapStatement.Original"/>. A value type: a statement's
/// lines live in one array.
/// </summary>
public readonly record struct CapLine(CapLineKind Kind, int Year, decimal Amount, string Citation)
{
    /// <summary>For <see cref="CapLineKind.BreakPenalty"/>: the consecutive break years before the return.</summary>
    public int? BreakYears { get; init; }

    /// <summary>For <see cref="CapLineKind.ZeroClaim"/>: the year's record had no reimbursement figure at all.</summary>
    public bool NoClaimsRecorded { get; init; }

    /// <summary>
    /// For <see cref="CapLineKind.ZeroClaim"/>: the year is not over at the date asked (as-of ≤ 31 Dec): the step rests on
    /// the claims known then and is settled after the year.
    /// </summary>
    public bool Provisional { get; init; }

    /// <summary>For <see cref="CapLineKind.Ceiling"/>: "increase" or "decrease", the total the ceiling bounds.</summary>
    public string? Bounds { get; init; }
}

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
