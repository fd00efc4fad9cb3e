using MedicalInsurance.Infrastructure.Imports;

namespace MedicalInsurance.Web.Imports;

/// <summary>An import started from the upload page: its latest progress, and its outcome once done.</summary>
public sealed class ImportJob(Guid ticket, ImportKind kind, string fileName, string startedBy)
{
    public Guid Ticket { get; } = ticket;

    public ImportKind Kind { get; } = kind;

    public string FileName { get; } = fileName;

    public string StartedBy { get; } = startedBy;

    public ImportProgress? Progress { get; set; }

    public ImportOutcome? Outcome { get; set; }

    public string? Failure { get; set; }

    public bool Finished => Outcome is not null || Failure is not null;
}
