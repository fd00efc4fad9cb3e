namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A registration's notice issued again by an accepted review: its new version and the decision before and after, as
/// benefits-from dates and waiting months (null where the year had no waiting-period decision).
/// </summary>
public sealed record ReissuedNotice(long RegistrationId, int CoverageYear, int Version, DateOnly? BenefitsFromBefore, DateOnly? BenefitsFromAfter, int? MonthsBefore, int? MonthsAfter);
