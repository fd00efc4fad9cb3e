using Npgsql;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>One column of a binary COPY: its name and how a row writes its value (typed: no boxing on the hot path).</summary>
public sealed record CopyColumn<T>(string Name, Func<NpgsqlBinaryImporter, T, CancellationToken, Task> Write);
