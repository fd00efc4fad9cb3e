namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>The division tree in memory: a county's city (its pooling region) and province, and the province's policy.</summary>
public sealed class RegionDirectory
{
    // GB/T 2260's groupings under a municipality or a province: codes, not places, so a full name leaves them out.
    private static readonly HashSet<string> Groupings = new(StringComparer.Ordinal) { "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划" };

    private readonly Dictionary<string, Region> _byCode;
    private readonly HashSet<string> _parents;

    public RegionDirectory(IEnumerable<Region> regions)
    {
        _byCode = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
        _parents = _byCode.Values.Where(r => r.ParentCode is not null).Select(r => r.ParentCode!).ToHashSet(StringComparer.Ordinal);
    }

    public static RegionDirectory Shipped { get; } = new(RegionData.Shipped);

    public IEnumerable<Region> All => _byCode.Values;

    public Region? Find(string? code) => code is not null && _byCode.TryGetValue(code, out var region) ? region : null;

    public bool IsCounty(string? code) => Find(code)?.Level == RegionLevel.County;

    /// <summary>
    /// Whether a coverage record can be made there: a county, or a prefecture city with no counties (东莞, 中山, 儋州),
    /// whose residents pay in the city itself.
    /// </summary>
    public bool IsCountyLevel(string? code) => Find(code) switch
    {
        { Level: RegionLevel.County } => true,
        { Level: RegionLevel.City, Code: var city } => !_parents.Contains(city),
        _ => false,
    };

    /// <summary>Whether the division lies in a province whose policy is entered: the ones this system keeps files and users for.</summary>
    public bool IsServed(string? code) => code is not null && ProvinceOf(code)?.PolicyId is not null;

    /// <summary>The prefecture city (pooling region) a county belongs to; a city is its own.</summary>
    public string? CityOf(string code) => Find(code) switch
    {
        { Level: RegionLevel.County, ParentCode: var parent } => parent,
        { Level: RegionLevel.City, Code: var city } => city,
        _ => null,
    };

    /// <summary>
    /// "河北省石家庄市长安区" for a county: the names of the division and those above it, without a grouping (北京市朝阳区,
    /// not 北京市市辖区朝阳区).
    /// </summary>
    public string FullName(string code)
    {
        var names = new List<string>();
        for (var region = Find(code); region is not null; region = Find(region.ParentCode))
        {
            if (!(region.Level == RegionLevel.City && Groupings.Contains(region.Name)))
            {
                names.Insert(0, region.Name);
            }
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
