namespace MedicalInsurance.Infrastructure.Exports;

/// <summary>
/// A table as a page shows it and as it is exported: named columns and rows of cells (string, long, decimal, DateOnly or
/// null). Rows may stream from the database: they are read once.
/// </summary>
public sealed record ExportTable(string Key, string Title, IReadOnlyList<ExportColumn> Columns, IAsyncEnumerable<object?[]> Rows)
{
    /// <summary>The title as a page shows it, under a heading that names the division already; null: <see cref="Title"/>.</summary>
    public Phrase? Caption { get; init; }

    public static ExportTable Of(string key, string title, IReadOnlyList<ExportColumn> columns, IEnumerable<object?[]> rows) =>
        new(key, title, columns, rows.ToAsyncEnumerable());
}
