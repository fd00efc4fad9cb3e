namespace MedicalInsurance.Infrastructure.Imports;

public enum ImportKind
{
    Payments,
    Claims,
}
