namespace MedicalInsurance.Domain.Provinces;

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
