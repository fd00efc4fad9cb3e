using System.Text.Json;
using System.Text.Json.Serialization;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Persons;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// The facts of one coverage record a review can correct: scheme, payment date and amount, enrollment group and the
/// county it was held in. What a review shows before and after, and what its audit entry records.
/// </summary>
public sealed record CoverageFacts(Scheme Scheme, DateOnly? PaidOn, decimal? Amount, EnrollmentGroup Group, string? County)
{
    public static CoverageFacts Of(Coverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        return new(coverage.Scheme, coverage.PaidOn, coverage.Amount, coverage.Group, coverage.County);
    }

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>As JSON with names for the enums ("scheme": "Resident"): how a review keeps it and the audit shows it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>The same as a JSON element, for an audit entry's details.</summary>
    public JsonElement ToElement() => JsonSerializer.SerializeToElement(this, Options);

    public static CoverageFacts? FromJson(string? json) => json is null ? null : JsonSerializer.Deserialize<CoverageFacts>(json, Options);

    /// <summary>The same facts; amounts compared by value (400 and 400.00 are one amount).</summary>
    public bool SameAs(CoverageFacts? other) =>
        other is not null && Scheme == other.Scheme && PaidOn == other.PaidOn && Amount == other.Amount && Group == other.Group && County == other.County;
}
