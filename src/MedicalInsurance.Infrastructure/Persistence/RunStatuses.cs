using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// The one spelling of each status in the database ("running", …): EF converts with it and raw SQL binds it as a
/// parameter, so no status is written as a literal anywhere else.
/// </summary>
public static class RunStatuses
{
    public static readonly ValueConverter<RunStatus, string> Converter = new(s => Name(s), s => Parse(s));

    public static string Name(RunStatus status) => status switch
    {
        RunStatus.Loading => "loading",
        RunStatus.Running => "running",
        RunStatus.Merged => "merged",
        RunStatus.Done => "done",
        RunStatus.Superseded => "superseded",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static RunStatus Parse(string name) => name switch
    {
        "loading" => RunStatus.Loading,
        "running" => RunStatus.Running,
        "merged" => RunStatus.Merged,
        "done" => RunStatus.Done,
        "superseded" => RunStatus.Superseded,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown run status"),
    };

    /// <summary>A check constraint allowing just these statuses.</summary>
    public static string Check(params RunStatus[] allowed) => $"status in ({string.Join(", ", allowed.Select(s => $"'{Name(s)}'"))})";
}
