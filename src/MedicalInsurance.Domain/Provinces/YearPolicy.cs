using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Domain.Provinces;

/// <summary>
/// The resolved policy snapshot for (province, pooling region, coverage year): every number a rule reads, each with its
/// citation and status. Built once when the catalog loads; rules only read it. Parameters that apply only from the
/// mechanism's start year on are null for earlier years.
/// </summary>
public sealed class YearPolicy
{
    public required int Year { get; init; }

    /// <summary>The counting start year S: no year before it is a continuous year or a break year.</summary>
    public required Resolved<int> StartYear { get; init; }

    /// <summary>The resident run length n(Y) at which a continuous step is earned (5: "满4年…之后每连续参保1年").</summary>
    public Resolved<int>? ContinuousStepFromRunYear { get; init; }

    public Resolved<CapAmount>? StepAmount { get; init; }

    /// <summary>The incentive ceiling as a percentage of C; the ceiling itself is rounded down to 0.01 yuan.</summary>
    public Resolved<decimal>? IncentiveCeilingPercent { get; init; }

    public Resolved<PenaltyRule>? Penalty { get; init; }

    public Resolved<decimal>? PenaltyCeilingPercent { get; init; }

    /// <summary>The groups this province exempts from the waiting period, as a bit mask over <see cref="EnrollmentGroup"/>.</summary>
    public Resolved<int>? ExemptGroups { get; init; }

    public Resolved<int>? FixedWaitingMonths { get; init; }

    public Resolved<WaitingFloor>? WaitingFloor { get; init; }

    public Resolved<CollectionPeriod>? CollectionPeriod { get; init; }

    /// <summary>The personal contribution standard of the year, yuan: what one repaired year costs.</summary>
    public Resolved<decimal>? ContributionStandard { get; init; }

    /// <summary>Days after birth within which a newborn's payment counts as on time.</summary>
    public Resolved<int>? NewbornDays { get; init; }

    public Resolved<int>? SwitchWindowMonths { get; init; }

    public Resolved<int>? SwitchMinInsuredYears { get; init; }

    /// <summary>Where a waiting period starts counting (RULES.md §4 waitingStartsOn).</summary>
    public Resolved<WaitingStart>? WaitingStartsOn { get; init; }

    /// <summary>The pooling region's original catastrophic cap C, where the data has one (the API fills a request from it).</summary>
    public Resolved<decimal>? OriginalCap { get; init; }

    public required PolicySwitches Switches { get; init; }

    public bool IsExempt(EnrollmentGroup group) =>
        group != EnrollmentGroup.Ordinary && ExemptGroups is { } g && (g.Value & (1 << (int)group)) != 0;

    /// <summary>20 % (or the province's rate) of <paramref name="cap"/>, rounded down to 0.01 yuan ("不超过").</summary>
    public static decimal CeilingOf(decimal cap, decimal percent) => Math.Floor(cap * percent) / 100m;
}
