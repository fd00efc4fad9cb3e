using MedicalInsurance.Infrastructure.Exports;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>The error file of an import: line, field and reason of every refused row, in line order.</summary>
public static class ImportErrors
{
    public static ExportTable Table(NpgsqlDataSource dataSource, long importId) => new(
        "importErrors", $"第{importId}次导入的错误行",
        [new("行号", ColumnKind.Integer), new("字段", ColumnKind.Text), new("原因", ColumnKind.Text)],
        RowsAsync(dataSource, importId));

    /// <summary>Whether an import with this id was recorded (its error file may still be empty).</summary>
    public static async Task<bool> ExistsAsync(NpgsqlDataSource dataSource, long importId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select exists (select 1 from import_runs where id = $1)", connection)
        {
            Parameters = { new() { Value = importId } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async IAsyncEnumerable<object?[]> RowsAsync(NpgsqlDataSource dataSource, long importId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("select line, field, reason from import_errors where import_id = $1 order by line, field", connection)
        {
            Parameters = { new() { Value = importId } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var field = reader.GetString(1);
            yield return [reader.GetInt64(0), ImportRows.FieldNames.GetValueOrDefault(field, field), reader.GetString(2)];
        }
    }
}
