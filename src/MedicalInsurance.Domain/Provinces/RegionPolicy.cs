namespace MedicalInsurance.Domain.Provinces;

/// <summary>A province's policy as it applies in one pooling region (or province-wide), for every supported year.</summary>
public sealed class RegionPolicy
{
    /// <summary>The first and last coverage years the catalog resolves.</summary>
    public const int MinYear = 1990;
    public const int MaxYear = 2200;

    private readonly YearPolicy[] _years;

    internal RegionPolicy(string provinceId, string provinceName, string? poolingRegion, YearPolicy[] years)
    {
        ProvinceId = provinceId;
        ProvinceName = provinceName;
        PoolingRegion = poolingRegion;
        _years = years;
    }

    public string ProvinceId { get; }

    public string ProvinceName { get; }

    /// <summary>The pooling region whose overrides apply; null for the province's own values.</summary>
    public string? PoolingRegion { get; }

    /// <summary>The snapshot for <paramref name="year"/>; years outside [<see cref="MinYear"/>, <see cref="MaxYear"/>] are a programmer error.</summary>
    public YearPolicy ForYear(int year)
    {
        if (year is < MinYear or > MaxYear)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"coverage years run from {MinYear} to {MaxYear}");
        }

        return _years[year - MinYear];
    }

    /// <summary>
    /// The coverage year whose collection period is open on <paramref name="today"/> (next year's first: Sept–Dec collects
    /// for next year), or null when none is: what a clerk at the counter registers for by default.
    /// </summary>
    public int? YearBeingCollected(DateOnly today)
    {
        for (var year = Math.Min(today.Year + 1, MaxYear); year >= Math.Max(today.Year, MinYear); year--)
        {
            if (ForYear(year).CollectionPeriod is { Value: var period } && period.From <= today && today <= period.To)
            {
                return year;
            }
        }

        return null;
    }

    public override string ToString() => PoolingRegion is null ? ProvinceId : $"{ProvinceId}/{PoolingRegion}";
}
