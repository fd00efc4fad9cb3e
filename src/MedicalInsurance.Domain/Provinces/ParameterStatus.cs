namespace MedicalInsurance.Domain.Provinces;

public enum ParameterStatus
{
    /// <summary>Read in a published document.</summary>
    Confirmed,

    /// <summary>A working value until an administrator enters the published one; shown with a visible mark.</summary>
    Unconfirmed,
}
