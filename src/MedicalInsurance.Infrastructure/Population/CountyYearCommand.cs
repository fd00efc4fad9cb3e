using MedicalInsurance.Infrastructure.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A statement of the population lists over one county and year: $1 the county (<c>character(6)</c>, so its indexes are
/// used), $2 the year, $3 the day the list is read as of, then the paging values.
/// </summary>
internal static class CountyYearCommand
{
    public static NpgsqlBatchCommand Of(string sql, string county, int year, DateOnly asOf, params int[] paging)
    {
        var command = new NpgsqlBatchCommand(sql)
        {
            Parameters =
            {
                CharParameter.Of(county),
                new NpgsqlParameter { Value = year, NpgsqlDbType = NpgsqlDbType.Integer },
                new NpgsqlParameter { Value = asOf, NpgsqlDbType = NpgsqlDbType.Date },
            },
        };
        foreach (var value in paging)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Integer });
        }

        return command;
    }
}
