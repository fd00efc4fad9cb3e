namespace MedicalInsurance.Domain.Provinces;

public enum ParameterStatus
{
    /// <summary>Read in a published document.</summary>
    Confirmed,

    /// <summary>A working value until an administrator enters the published one (暂定); marked wherever it is shown.</summary>
    Unconfirmed,

    /// <summary>The product's reading of an ambiguous or silent text (解释口径), the alternative named in RULES.md §7; marked to clerks.</summary>
    Interpretation,
}
