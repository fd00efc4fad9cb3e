namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// A number a county's dashboard keeps for a coverage year. Stored in <c>dashboard_figures.metric</c> as its key
/// (<see cref="DashboardMetrics.Key"/>: the name in camel case), in EF through a conversion and in SQL through parameters
/// or literals made from the key — never typed out again.
/// </summary>
public enum DashboardMetric
{
    Persons,
    Insured,
    Resident,
    Late,
    Returns,
    Raised,
    Increase,
    Decreased,
    Decrease,
    AtCeiling,
    ZeroClaim,
    WaitingNow,
    FirstStep,
    CallList,

    /// <summary>Bucket: the payment date as days since 2000-01-01.</summary>
    PaidOn,

    /// <summary>Bucket: year × 100 + month of the waiting period's last day, from the refresh day on.</summary>
    WaitingEnds,

    /// <summary>Bucket: consecutive break years before the year, b(Y), 4 meaning four or more.</summary>
    Breaks,

    /// <summary>Bucket: consecutive resident years ending with the year, 10 meaning ten or more.</summary>
    Consecutive,
}
