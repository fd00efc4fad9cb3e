namespace MedicalInsurance.Infrastructure.Security;

/// <summary>A new API key: the key itself is returned this once; only its hash is kept.</summary>
public sealed record ApiKeyIssued(long Id, string Name, string Key);
