namespace MedicalInsurance.Infrastructure.Security;

/// <summary>A key another system calls the API with: scoped like a user, stored only as a hash.</summary>
public sealed class ApiKey
{
    public long Id { get; set; }

    public required string Name { get; set; }

    /// <summary>SHA-256 of the key, hex.</summary>
    public required string KeyHash { get; set; }

    public required string Role { get; set; }

    public string? ScopeCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
