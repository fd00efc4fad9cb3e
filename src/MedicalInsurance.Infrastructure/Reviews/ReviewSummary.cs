namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A review as the list shows it: name and ID number masked, and its age in days (China time).</summary>
public sealed record ReviewSummary(long Id, long PersonId, string MaskedName, string MaskedIdNumber, string County, int Year, ReviewKind Kind,
    ReviewStatus Status, string OpenedBy, DateTimeOffset OpenedAt, DateTimeOffset? DecidedAt, int AgeDays);
