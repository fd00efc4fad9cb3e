namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// A city's (市、州) target of insured persons for a coverage year: the province's share of the national bureau's
/// 参保人数规模目标 split among its cities (Guizhou 黔医保发〔2024〕18号 六). Set by a user whose scope covers the whole
/// province (an administrator, a supervisor of the province), audited. One per city and year: setting it again replaces it.
/// </summary>
public sealed class CityTarget
{
    public required string City { get; init; }

    public int Year { get; init; }

    /// <summary>Insured persons, 1 to <see cref="CityTargets.MaxPersons"/>.</summary>
    public int Persons { get; set; }

    public required string SetBy { get; set; }

    public DateTimeOffset SetAt { get; set; }
}
