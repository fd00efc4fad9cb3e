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

    /// <summary>
    /// 户籍人口: persons registered in the county (household county) and counted for the year — born by its last day, and
    /// alive and present (正常) or dead or moved out only on or after its first day.
    /// </summary>
    RegisteredPopulation,

    /// <summary>Of <see cref="RegisteredPopulation"/>, those insured in the year under any scheme in any county.</summary>
    RegisteredInsured,

    /// <summary>常住人口: as <see cref="RegisteredPopulation"/>, by where the person lives (<c>lives_in_county</c>).</summary>
    LivingPopulation,

    /// <summary>Of <see cref="LivingPopulation"/>, those insured in the year under any scheme in any county.</summary>
    LivingInsured,

    /// <summary>
    /// Of <see cref="RegisteredPopulation"/>, those a population extract has listed: zero means no population was imported
    /// for the county, and its rates against the population mean nothing.
    /// </summary>
    PopulationListed,

    /// <summary>Bucket: the payment date as days since 2000-01-01.</summary>
    PaidOn,

    /// <summary>Bucket: year × 100 + month of the waiting period's last day, from the refresh day on.</summary>
    WaitingEnds,

    /// <summary>Bucket: consecutive break years before the year, b(Y), 4 meaning four or more.</summary>
    Breaks,

    /// <summary>Bucket: consecutive resident years ending with the year, 10 meaning ten or more.</summary>
    Consecutive,

    /// <summary>Bucket: the registered township's 9-digit code; value: <see cref="RegisteredPopulation"/> of the township.</summary>
    TownshipRegistered,

    /// <summary>Bucket: the registered township; value: <see cref="RegisteredInsured"/> of the township.</summary>
    TownshipRegisteredInsured,

    /// <summary>Bucket: the township lived in; value: <see cref="LivingPopulation"/> of the township.</summary>
    TownshipLiving,

    /// <summary>Bucket: the township lived in; value: <see cref="LivingInsured"/> of the township.</summary>
    TownshipLivingInsured,
}
