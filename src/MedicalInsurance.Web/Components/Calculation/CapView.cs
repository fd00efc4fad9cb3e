using System.Text.Json;

namespace MedicalInsurance.Web.Components.Calculation;

public sealed record CapView(decimal Original, int ContinuousSteps, int ZeroClaimSteps, decimal Increase, decimal Decrease, decimal Effective, IReadOnlyList<CapLineView> Lines)
{
    internal static CapView Read(JsonElement e) => new(
        e.GetProperty("original").GetDecimal(), e.GetProperty("continuousSteps").GetInt32(), e.GetProperty("zeroClaimSteps").GetInt32(),
        e.GetProperty("increase").GetDecimal(), e.GetProperty("decrease").GetDecimal(), e.GetProperty("effective").GetDecimal(),
        e.GetProperty("lines").EnumerateArray().Select(l => new CapLineView(
            l.GetProperty("kind").GetString()!, l.GetProperty("year").GetInt32(), l.GetProperty("amount").GetDecimal(),
            l.TryGetProperty("breakYears", out var b) ? b.GetInt32() : null,
            l.TryGetProperty("noClaimsRecorded", out var n) && n.GetBoolean(),
            l.TryGetProperty("bounds", out var bounds) ? bounds.GetString() : null,
            l.GetProperty("citation").GetString()!)
        { Provisional = l.TryGetProperty("provisional", out var p) && p.GetBoolean() }).ToList());
}
