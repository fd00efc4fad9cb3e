namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>The shape of a parameter's value: each has its own input on the administrators' page.</summary>
public enum ParameterKind
{
    /// <summary>Yuan: a number (<c>300000</c>).</summary>
    Money,

    /// <summary>A coverage year (<c>2025</c>).</summary>
    Year,

    /// <summary>A whole number of years, months or days (<see cref="ParameterDefinition.Unit"/>).</summary>
    Count,

    /// <summary>Yuan or a percentage of the original cap: <c>{"amount": 2000}</c> or <c>{"percentOfCap": 2}</c>.</summary>
    AmountOrPercent,

    /// <summary>A percentage of the original cap: <c>{"percentOfCap": 20}</c>.</summary>
    Percentage,

    /// <summary>None, per break year or per return, by yuan or percentage: <c>{"kind": "perBreakYear", "amount": 2000}</c>.</summary>
    Penalty,

    /// <summary>A list of enrollment groups: <c>["medicalAid", "veteran"]</c>.</summary>
    Groups,

    /// <summary><c>{"months": 6, "fromBreakYears": 4}</c>.</summary>
    WaitingFloor,

    /// <summary>A date range (<c>{"from": "2024-09-01", "to": "2024-12-28"}</c>) or a standing rule by month and day
    /// in the year before the coverage year (<c>{"fromMonthDay": "09-01", "toMonthDay": "12-28"}</c>); both ends inclusive.</summary>
    DateRange,

    /// <summary><c>"paymentDate"</c> or <c>"laterOfPaymentAndYearStart"</c>.</summary>
    WaitingStart,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Flag,

    /// <summary>The readings of RULES.md §7: only the built ones load, so they are shown, not edited.</summary>
    Switches,
}
