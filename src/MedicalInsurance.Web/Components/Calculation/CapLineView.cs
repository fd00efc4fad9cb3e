namespace MedicalInsurance.Web.Components.Calculation;

public sealed record CapLineView(string Kind, int Year, decimal Amount, int? BreakYears, bool NoClaimsRecorded, string? Bounds, string Citation)
{
    /// <summary>A zero-claim step for a year not over when asked: it rests on the claims known then and is settled after the year.</summary>
    public bool Provisional { get; init; }
}
