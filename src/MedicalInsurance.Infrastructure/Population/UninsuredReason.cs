namespace MedicalInsurance.Infrastructure.Population;

/// <summary>Why someone is on the list of the uninsured for a year.</summary>
public enum UninsuredReason
{
    /// <summary>No coverage record in any year before this one (从未参保).</summary>
    NeverInsured,

    /// <summary>Insured before, not since <see cref="UninsuredEntry.LastInsuredYear"/> + 1 (断保).</summary>
    Broke,

    /// <summary>Born in the year, or so late in the one before that the newborn window reaches into it, and never insured.</summary>
    Newborn,
}
