namespace MedicalInsurance.Domain.Provinces;

public enum PenaltyKind
{
    /// <summary>No decrease after a break (the national template names none).</summary>
    None,

    /// <summary>Each return decreases the cap by the unit times the break years before it (Hebei, Heilongjiang).</summary>
    PerBreakYear,

    /// <summary>Each return decreases the cap by one unit, however long the break (Guizhou).</summary>
    PerReturn,
}
