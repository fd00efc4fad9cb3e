namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>An administrative division by its GB/T 2260 code: a province, a prefecture city (the pooling region) or a county.</summary>
public sealed class Region
{
    public required string Code { get; init; }

    public required string Name { get; set; }

    public required RegionLevel Level { get; init; }

    /// <summary>The enclosing division's code; null for a province.</summary>
    public string? ParentCode { get; init; }

    /// <summary>For a province: the policy catalog entry its rules come from (hebei, heilongjiang, guizhou).</summary>
    public string? PolicyId { get; set; }
}
