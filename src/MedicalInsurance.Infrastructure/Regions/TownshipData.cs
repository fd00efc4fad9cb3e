namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The committed township list (townships.csv, embedded): its source and date are in its header.</summary>
public static class TownshipData
{
    public static IReadOnlyList<Township> Shipped => Lazy.Value;

    private static readonly Lazy<List<Township>> Lazy = new(Load);

    private static List<Township> Load()
    {
        using var stream = typeof(TownshipData).Assembly.GetManifestResourceStream("MedicalInsurance.Infrastructure.Regions.townships.csv")
            ?? throw new InvalidOperationException("townships.csv is not embedded");
        using var reader = new StreamReader(stream);
        var townships = new List<Township>(42_000);
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
            townships.Add(new Township { Code = f[0], Name = f[1], County = f[2], Reference = true });
        }

        return townships;
    }
}
