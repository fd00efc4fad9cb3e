namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// The household registration's status as the public-security extract gives it (状态, stored by name). A death or a
/// move-out ends the duty to insure: such a person is on no list of the uninsured.
/// </summary>
public enum PersonStatus
{
    /// <summary>正常: registered and alive (also every file no extract has spoken about).</summary>
    Present,

    /// <summary>死亡.</summary>
    Deceased,

    /// <summary>迁出: the registration moved out of the county that reported it.</summary>
    MovedOut,
}
