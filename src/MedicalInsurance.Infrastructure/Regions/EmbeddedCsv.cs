namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>
/// The reference lists committed beside this code (regions.csv, townships.csv, embedded): comment lines (#) with their
/// source and date, one header line, then plain comma-separated fields with no quoting.
/// </summary>
internal static class EmbeddedCsv
{
    /// <summary>The fields of each data line of the embedded file <paramref name="fileName"/> in this folder.</summary>
    public static IEnumerable<string[]> Rows(string fileName)
    {
        using var stream = typeof(EmbeddedCsv).Assembly.GetManifestResourceStream("MedicalInsurance.Infrastructure.Regions." + fileName)
            ?? throw new InvalidOperationException(fileName + " is not embedded");
        using var reader = new StreamReader(stream);
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

            yield return line.Split(',');
        }
    }
}
