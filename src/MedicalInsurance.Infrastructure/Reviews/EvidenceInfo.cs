namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A review's scan as a list shows it: never its content.</summary>
public sealed record EvidenceInfo(long Id, string FileName, string ContentType, int Length, string UploadedBy, DateTimeOffset UploadedAt);
