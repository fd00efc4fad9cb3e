namespace MedicalInsurance.Infrastructure.Imports;

public enum ImportKind
{
    Payments,
    Claims,

    /// <summary>The public-security population extract: who is registered where, in which household, alive or not.</summary>
    Population,

    /// <summary>The births extract (出生一件事): a newborn file per birth certificate, before the child has an ID number.</summary>
    Births,
}
