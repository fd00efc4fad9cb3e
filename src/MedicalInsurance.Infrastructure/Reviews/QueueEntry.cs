namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A file on the review queue: name and ID number masked, the household county to confirm, and what needs checking.</summary>
public sealed record QueueEntry(long PersonId, string MaskedName, string MaskedIdNumber, string HouseholdCounty, DateTimeOffset CreatedAt, IReadOnlyList<QueueCheck> Checks);
