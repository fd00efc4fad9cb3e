namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// How far the read replica may fall behind before reads go back to the primary, and how often it is asked (section
/// <c>Replica</c>: <c>Replica__MaxLagSeconds</c>…). The replica's connection string is <c>ConnectionStrings:Replica</c>.
/// </summary>
public sealed class ReplicaOptions
{
    public const string Section = "Replica";

    /// <summary>The most a read may lag behind the primary, in seconds (a dashboard a few seconds old is still today's).</summary>
    public int MaxLagSeconds { get; set; } = 10;

    /// <summary>The age of the last probe after which a read probes again, in seconds.</summary>
    public int ProbeSeconds { get; set; } = 2;

    /// <summary>Problems with these options, in one line each.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxLagSeconds < 1)
        {
            yield return $"{Section}:{nameof(MaxLagSeconds)} must be at least 1 (was {MaxLagSeconds})";
        }

        if (ProbeSeconds < 1 || ProbeSeconds > 60)
        {
            yield return $"{Section}:{nameof(ProbeSeconds)} must be from 1 to 60 (was {ProbeSeconds})";
        }
    }
}
