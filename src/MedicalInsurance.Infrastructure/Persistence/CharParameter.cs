using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// A region code (county, city) sent as its column's type, <c>character(n)</c>. Sent as <c>text</c>, PostgreSQL casts
/// the column on every row and no index on it is used (docs/benchmarks.md: a call-list page read a year's every result).
/// </summary>
internal static class CharParameter
{
    public static NpgsqlParameter Of(string value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Char };
}
