namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>Which population an enrollment rate is taken against: the two duties of the texts (户籍地 and 常住地).</summary>
public enum PopulationBasis
{
    /// <summary>户籍人口: persons whose household is registered in the division.</summary>
    Registered,

    /// <summary>常住人口: persons who live in the division (<c>lives_in_county</c>), wherever registered.</summary>
    Living,
}

/// <summary>The basis in a query string (<c>population=registered|living</c>) and on the page.</summary>
public static class PopulationBases
{
    public static string Key(this PopulationBasis basis) => basis == PopulationBasis.Living ? "living" : "registered";

    /// <summary>Anything but <c>living</c> is the default, 户籍人口.</summary>
    public static PopulationBasis Parse(string? key) => string.Equals(key, "living", StringComparison.OrdinalIgnoreCase) ? PopulationBasis.Living : PopulationBasis.Registered;

    /// <summary>户籍人口 or 常住人口 (a resource key).</summary>
    public static string Label(this PopulationBasis basis) => basis == PopulationBasis.Living ? "常住人口" : "户籍人口";
}
