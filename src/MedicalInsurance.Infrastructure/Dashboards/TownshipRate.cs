namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// A township of a county (9-digit code; its name when the shipped list or an extract gave one) with its registered and
/// resident population and the insured among each.
/// </summary>
public sealed record TownshipRate(string Code, string? Name, long Registered, long RegisteredInsured, long Living, long LivingInsured)
{
    public long Population(PopulationBasis basis) => basis == PopulationBasis.Registered ? Registered : Living;

    public long Insured(PopulationBasis basis) => basis == PopulationBasis.Registered ? RegisteredInsured : LivingInsured;

    public decimal? Rate(PopulationBasis basis) => Figures.RateOf(Insured(basis), Population(basis));
}
