namespace MedicalInsurance.Infrastructure.Exports;

public enum ColumnKind
{
    /// <summary>Written as text everywhere: names, codes, ID numbers (never a number Excel could mangle).</summary>
    Text,
    Integer,
    Decimal,
    Date,
}
