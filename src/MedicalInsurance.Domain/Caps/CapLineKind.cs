namespace MedicalInsurance.Domain.Caps;

public enum CapLineKind
{
    /// <summary>A continuous-enrollment step (连续参保激励), earned in the line's year.</summary>
    Continuous,

    /// <summary>A zero-claim step (零报销激励), earned in the line's year and counting from the next.</summary>
    ZeroClaim,

    /// <summary>A decrease for a return after a break (断保约束), in the year of the return.</summary>
    BreakPenalty,

    /// <summary>What a 20 % ceiling removed: negative on the increase, positive on the decrease.</summary>
    Ceiling,
}
