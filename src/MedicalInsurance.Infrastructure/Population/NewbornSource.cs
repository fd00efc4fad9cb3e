namespace MedicalInsurance.Infrastructure.Population;

/// <summary>Where a listed newborn's file is.</summary>
public enum NewbornSource
{
    /// <summary>A newborn file keyed by the birth certificate: the child has no ID number on file yet (未落户).</summary>
    Certificate,

    /// <summary>A person's file, with an ID number (made by a population extract, a merged newborn file among them).</summary>
    Person,
}
