namespace MedicalInsurance.Infrastructure.Regions;

/// <summary>
/// A township (乡、镇、街道) by its 9-digit statistical code (统计用区划代码), within a county of <see cref="Region"/>. The
/// shipped list (townships.csv) names its source; a code met only in an import is kept too, unnamed and flagged
/// (<see cref="Reference"/> false), because a public-security extract may hold a code newer than the list.
/// </summary>
public sealed class Township
{
    /// <summary>Nine digits; the first six are <see cref="County"/>.</summary>
    public required string Code { get; init; }

    /// <summary>As the shipped list has it; null for a code known only from an import.</summary>
    public string? Name { get; set; }

    public required string County { get; init; }

    /// <summary>True when the code is in the shipped list; false for a code first met in an import (flagged for checking).</summary>
    public bool Reference { get; set; }

    /// <summary>The import that first met a code not in the shipped list.</summary>
    public long? FirstImportId { get; set; }
}
