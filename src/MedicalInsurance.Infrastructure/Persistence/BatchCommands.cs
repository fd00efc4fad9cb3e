using Npgsql;

namespace MedicalInsurance.Infrastructure.Persistence;

internal static class BatchCommands
{
    /// <summary>A batch statement with positional parameters $1, $2, … in order.</summary>
    public static NpgsqlBatchCommand Of(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
