namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The committed division list (regions.csv, embedded): its source and date are in its header.</summary>
public static class RegionData
{
    public static IReadOnlyList<Region> Shipped { get; } = Load();

    private static List<Region> Load() =>
    [
        .. EmbeddedCsv.Rows("regions.csv").Select(f => new Region
        {
            Code = f[0],
            Name = f[1],
            Level = Enum.Parse<RegionLevel>(f[2]),
            ParentCode = f[3].Length == 0 ? null : f[3],
            PolicyId = f[4].Length == 0 ? null : f[4],
        }),
    ];
}
