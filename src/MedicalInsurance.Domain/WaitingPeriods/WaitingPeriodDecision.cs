namespace MedicalInsurance.Domain.WaitingPeriods;

/// <summary>
/// The waiting-period decision for the resident enrollment of coverage year T. <see cref="FirstDay"/> and
/// <see cref="LastDay"/> bound the waiting period itself (both inclusive) and are null when none runs;
/// <see cref="BenefitsFrom"/> is the first day benefits are paid.
/// </summary>
public sealed record WaitingPeriodDecision
{
    public required WaitingReason Reason { get; init; }

    public bool Required => Reason == WaitingReason.Waiting;

    public required int BreakYears { get; init; }

    public required int FixedMonths { get; init; }

    public required int VariableMonths { get; init; }

    public required int RepairedMonths { get; init; }

    public required int TotalMonths { get; init; }

    public DateOnly? FirstDay { get; init; }

    public DateOnly? LastDay { get; init; }

    public required DateOnly BenefitsFrom { get; init; }

    /// <summary>T − 1 when that year's own waiting period pushed this year's first day of benefits; else null.</summary>
    public int? CarriedOverFrom { get; init; }

    public required IReadOnlyList<RepairOption> RepairOptions { get; init; }

    /// <summary>The clause the decision rests on.</summary>
    public required string Citation { get; init; }
}
