namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A scan as the browser sent it: its name, the type the browser declared (may be absent), and its bytes.</summary>
public sealed record EvidenceUpload(string FileName, string? DeclaredType, byte[] Content);
