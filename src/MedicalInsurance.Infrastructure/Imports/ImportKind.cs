namespace MedicalInsurance.Infrastructure.Imports;

public enum ImportKind
{
    Payments,
    Claims,

    /// <summary>The public-security population extract: who is registered where, in which household, alive or not.</summary>
    Population,
}
