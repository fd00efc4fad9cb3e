namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Where a page of the call list starts. The list is in person order; a page next to one already shown is found from
/// that page's first or last person through the county's index (as fast deep in the list as at its start), the last page
/// by reading the index backwards. An offset reads and discards every row before it — the middle of a county's million
/// names took 13–18 s so (docs/benchmarks.md) — and is left for a page reached no other way.
/// </summary>
public abstract record CallListCursor
{
    /// <summary>The first page.</summary>
    public static CallListCursor Start { get; } = new After(null);

    /// <summary>The persons after <paramref name="PersonId"/> (after none: from the start).</summary>
    public sealed record After(long? PersonId) : CallListCursor;

    /// <summary>The persons just before <paramref name="PersonId"/> (before none: the end of the list).</summary>
    public sealed record Before(long? PersonId) : CallListCursor;

    /// <summary>The persons after the first <paramref name="Offset"/> of the list.</summary>
    public sealed record At(int Offset) : CallListCursor;
}
