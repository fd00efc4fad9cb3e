namespace MedicalInsurance.Domain.Caps;

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
