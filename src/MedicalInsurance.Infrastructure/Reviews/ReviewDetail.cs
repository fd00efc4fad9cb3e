namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// A review as its page shows it: the review, whose file it is (name, masked ID number, household county), the record
/// corrected as it reads now, the scans, and — while open — what accepting would change; once accepted, the notices issued again.
/// </summary>
public sealed record ReviewDetail(Review Review, string PersonName, string MaskedIdNumber, string HouseholdCounty, CoverageFacts? Current)
{
    public IReadOnlyList<EvidenceInfo> Evidence { get; init; } = [];

    /// <summary>Days since it was opened (China time), as the list counts them.</summary>
    public int AgeDays { get; init; }

    /// <summary>While open: the years the correction changes (computed from the file, nothing written).</summary>
    public IReadOnlyList<ReviewImpact> Impact { get; init; } = [];

    /// <summary>While open: why the correction could not be applied as it stands (the record changed, the engine refuses it).</summary>
    public string? Blocked { get; init; }

    public IReadOnlyList<ReissuedNotice> Notices { get; init; } = [];
}
