namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// One row of policy data as the catalog reads it: a value for a parameter of a province (or "*" for all) and
/// optionally one pooling region, valid for coverage years [FromYear, ToYear] (open where null). The shipped
/// document seeds these rows; administrators correct them.
/// </summary>
public sealed class ParameterRow
{
    public const string Shared = "*";

    public long Id { get; set; }

    public required string Province { get; set; }

    public string? PoolingRegion { get; set; }

    public required string Name { get; set; }

    public int? FromYear { get; set; }

    public int? ToYear { get; set; }

    /// <summary>The value in the catalog's JSON shape (a number, an object, a list), jsonb.</summary>
    public required string Value { get; set; }

    /// <summary>confirmed or unconfirmed.</summary>
    public required string Status { get; set; }

    /// <summary>The clause the value comes from, as shown to clerks.</summary>
    public required string Citation { get; set; }

    /// <summary>Where the row came from: "shipped" or the administrator who entered it.</summary>
    public required string Source { get; set; }

    /// <summary>Order within (province, region, name): the first row whose years cover a year wins.</summary>
    public int Position { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
