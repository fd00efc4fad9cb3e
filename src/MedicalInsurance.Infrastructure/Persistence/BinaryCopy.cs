using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// The one binary COPY loop: a table, its columns (each declared once, with its value), the rows. The seeder, the
/// importer's writers and the sweeps' writer of <c>computed_results</c> describe their columns and call this.
/// </summary>
public static class BinaryCopy
{
    public static async Task<ulong> WriteAsync<T>(NpgsqlConnection connection, string table, IReadOnlyList<CopyColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        await using var writer = await connection.BeginBinaryImportAsync(
            $"copy {table} ({string.Join(", ", columns.Select(c => c.Name))}) from stdin (format binary)", cancellationToken);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                await column.Write(writer, row, cancellationToken);
            }
        }

        return await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>A column whose value is never null.</summary>
    public static CopyColumn<T> Column<T, TValue>(string name, NpgsqlDbType type, Func<T, TValue> value) =>
        new(name, (w, row, ct) => w.WriteAsync(value(row), type, ct));

    /// <summary>A column of a nullable value type.</summary>
    public static CopyColumn<T> Nullable<T, TValue>(string name, NpgsqlDbType type, Func<T, TValue?> value) where TValue : struct =>
        new(name, (w, row, ct) => value(row) is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct));

    /// <summary>A column of a reference type that may be null.</summary>
    public static CopyColumn<T> NullableText<T>(string name, NpgsqlDbType type, Func<T, string?> value) =>
        new(name, (w, row, ct) => value(row) is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct));
}
