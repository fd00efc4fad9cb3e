namespace MedicalInsurance.Infrastructure.Audit;

/// <summary>
/// One line of the append-only audit: who did what to which file, when and from where. The application's database
/// role may only insert and select here (grants, not code).
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string UserName { get; set; }

    public string? ClientAddress { get; set; }

    /// <summary>What was done: view, register, create, export, parameter, user, import, yearend…</summary>
    public required string Action { get; set; }

    public long? PersonId { get; set; }

    /// <summary>Details as JSON (never a full ID number).</summary>
    public string? Details { get; set; }
}
