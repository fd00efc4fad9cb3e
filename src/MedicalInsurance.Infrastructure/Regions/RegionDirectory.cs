namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The division tree in memory: a county's city (its pooling region) and province, and the province's policy.</summary>
public sealed class RegionDirectory
{
    private readonly Dictionary<string, Region> _byCode;

    public RegionDirectory(IEnumerable<Region> regions) => _byCode = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);

    public static RegionDirectory Shipped { get; } = new(RegionData.Shipped);

    public IEnumerable<Region> All => _byCode.Values;

    public Region? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var region) ? region : null;

    public bool IsCounty(string? code) => Find(code)?.Level == RegionLevel.County;

    /// <summary>The prefecture city (pooling region) a county belongs to; a city is its own.</summary>
    public string? CityOf(string code) => Find(code) switch
    {
        { Level: RegionLevel.County, ParentCode: var parent } => parent,
        { Level: RegionLevel.City, Code: var city } => city,
        _ => null,
    };

    /// <summary>"河北省石家庄市长安区" for a county: the names of the division and those above it.</summary>
    public string FullName(string code)
    {
        var names = new List<string>();
        for (var region = Find(code); region is not null; region = Find(region.ParentCode))
        {
            names.Insert(0, region.Name);
        }

        return string.Concat(names);
    }

    /// <summary>The province of any division.</summary>
    public Region? ProvinceOf(string code)
    {
        var region = Find(code);
        while (region is { Level: not RegionLevel.Province })
        {
            region = Find(region.ParentCode);
        }

        return region;
    }

    /// <summary>The policy catalog entry for a division: its province's, or the national template.</summary>
    public string PolicyOf(string code) => ProvinceOf(code)?.PolicyId ?? "national";

    /// <summary>The county codes within a division (itself when it is a county).</summary>
    public IReadOnlyList<string> CountiesWithin(string code) =>
        _byCode.Values.Where(r => r.Level == RegionLevel.County && (r.Code == code || r.ParentCode == code || Find(r.ParentCode)?.ParentCode == code))
            .Select(r => r.Code).Order(StringComparer.Ordinal).ToList();

    public IReadOnlyDictionary<string, string> ProvinceNames =>
        _byCode.Values.Where(r => r.PolicyId is not null).ToDictionary(r => r.PolicyId!, r => r.Name);
}
