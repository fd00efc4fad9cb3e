namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// One year whose answer a review's correction changes, before and after, as the engine computes it from the file: insured,
/// the effective cap, the waiting months and the first day of benefits (null where the year has no cap or no decision).
/// </summary>
public sealed record ReviewImpact(int Year, bool InsuredBefore, bool InsuredAfter, decimal? CapBefore, decimal? CapAfter,
    int? MonthsBefore, int? MonthsAfter, DateOnly? BenefitsFromBefore, DateOnly? BenefitsFromAfter);
