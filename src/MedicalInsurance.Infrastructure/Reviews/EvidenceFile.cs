namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A review's scan to download: its name, its type (from its content) and its bytes.</summary>
public sealed record EvidenceFile(string FileName, string ContentType, byte[] Content);
