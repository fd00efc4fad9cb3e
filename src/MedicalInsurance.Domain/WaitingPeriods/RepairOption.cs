namespace MedicalInsurance.Domain.WaitingPeriods;

/// <summary>What paying back <see cref="Years"/> missed years would give (RULES.md §3, repair options).</summary>
public readonly record struct RepairOption(int Years, int TotalMonths, DateOnly BenefitsFrom, decimal Cost, bool Shortens);
