namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The committed township list (townships.csv, embedded): its source and date are in its header.</summary>
public static class TownshipData
{
    public static IReadOnlyList<Township> Shipped => Lazy.Value;

    private static readonly Lazy<List<Township>> Lazy = new(Load);

    private static List<Township> Load() =>
        [.. EmbeddedCsv.Rows("townships.csv").Select(f => new Township { Code = f[0], Name = f[1], County = f[2], Reference = true })];
}
