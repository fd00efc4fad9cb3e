namespace MedicalInsurance.Domain.Provinces;

/// <summary>An amount that is either a sum of yuan or a percentage of the original cap C.</summary>
public readonly record struct CapAmount(decimal? Amount, decimal? PercentOfCap)
{
    /// <summary>The value for cap C: a percentage is rounded to 0.01 yuan, half away from zero.</summary>
    public decimal ValueFor(decimal cap) =>
        Amount ?? Math.Round(cap * PercentOfCap!.Value / 100m, 2, MidpointRounding.AwayFromZero);

    public override string ToString() => Amount is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{PercentOfCap}% × C";
}

public enum PenaltyKind
{
    /// <summary>No decrease after a break (the national template names none).</summary>
    None,

    /// <summary>Each return decreases the cap by the unit times the break years before it (Hebei, Heilongjiang).</summary>
    PerBreakYear,

    /// <summary>Each return decreases the cap by one unit, however long the break (Guizhou).</summary>
    PerReturn,
}

public readonly record struct PenaltyRule(PenaltyKind Kind, CapAmount Unit);

/// <summary>The waiting period's floor: at least <see cref="Months"/> once <see cref="FromBreakYears"/> or more years were missed.</summary>
public readonly record struct WaitingFloor(int Months, int FromBreakYears);

/// <summary>Where a waiting period starts counting: the payment date P, or max(P, 1 Jan T).</summary>
public enum WaitingStart
{
    LaterOfPaymentAndYearStart,
    PaymentDate,
}

/// <summary>The collection period (集中参保期) of one coverage year; both ends inclusive.</summary>
public readonly record struct CollectionPeriod(DateOnly From, DateOnly To)
{
    public override string ToString() => $"{From:yyyy-MM-dd}/{To:yyyy-MM-dd}";
}

/// <summary>
/// The switch register of RULES.md §7: each known alternative reading has a place here. Only the defaults are built;
/// the catalog refuses any other value when it loads, so a switch can never be set and silently ignored.
/// </summary>
public sealed record PolicySwitches
{
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>
    {
        ["variableMonths"] = "breakYearsMinusOne",
        ["carryOver"] = "on",
        ["employeeYearsCount"] = "no",
        ["earnedStepsKept"] = "kept",
        ["zeroClaimNeedsNextYearEnrollment"] = "no",
        ["zeroClaimNeedsEntitlement"] = "no",
        ["clearingThreshold"] = "capLessDecrease",
        ["partialLastStep"] = "truncate",
        ["stepsValuedAt"] = "coverageYear",
        ["penaltyAccumulates"] = "yes",
        ["penaltyOnlyInReturnYear"] = "no",
    };

    public required IReadOnlyDictionary<string, string> Values { get; init; }
}
