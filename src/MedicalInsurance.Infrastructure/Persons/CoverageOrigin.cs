namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>Where a coverage record came from (stored by name).</summary>
public enum CoverageOrigin
{
    Registration,
    Import,

    /// <summary>Held in a province other than the person's household province: imported, or recorded by a clerk from its evidence.</summary>
    AnotherProvince,
    OtherPublicCover,

    /// <summary>Recorded by a clerk from its evidence (<see cref="Coverage.Evidence"/>): held in another county of the household province.</summary>
    Elsewhere,

    /// <summary>Added by an accepted review (复核) for a year the file had no record of, held locally.</summary>
    Review,
}
