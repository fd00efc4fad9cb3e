namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The committed division list (regions.csv, embedded): its source and date are in its header.</summary>
public static class RegionData
{
    public static IReadOnlyList<Region> Shipped { get; } = Load();

    private static List<Region> Load()
    {
        using var stream = typeof(RegionData).Assembly.GetManifestResourceStream("MedicalInsurance.Infrastructure.Regions.regions.csv")
            ?? throw new InvalidOperationException("regions.csv is not embedded");
        using var reader = new StreamReader(stream);
        var regions = new List<Region>();
        var header = true;
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var f = line.Split(',');
            regions.Add(new Region
            {
                Code = f[0],
                Name = f[1],
                Level = Enum.Parse<RegionLevel>(f[2]),
                ParentCode = f[3].Length == 0 ? null : f[3],
                PolicyId = f[4].Length == 0 ? null : f[4],
            });
        }

        return regions;
    }
}
