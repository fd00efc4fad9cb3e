using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>
/// A question about one person: the cap and the waiting period for coverage year T. Record positions in
/// <see cref="History"/> name the fields of any error ("history[1].year").
/// </summary>
public sealed record CalculationInput
{
    public required RegionPolicy Policy { get; init; }

    public required int CoverageYear { get; init; }

    /// <summary>C for T, and for every earlier year whose record has no cap of its own.</summary>
    public required decimal OriginalCap { get; init; }

    public DateOnly? BirthDate { get; init; }

    /// <summary>The date of the question; callers pass today in China (see <see cref="Time.ChinaCalendar"/>).</summary>
    public required DateOnly AsOf { get; init; }

    /// <summary>What if: r for T; when set it replaces the T record's own <see cref="CoverageRecord.RepairYears"/>.</summary>
    public int? RepairYears { get; init; }

    /// <summary>What if: E for T, the last day of employee cover; when set it replaces the T record's own.</summary>
    public DateOnly? PreviousCoverageEndedOn { get; init; }

    /// <summary>What if: whether the gap after E was back-paid; when set it replaces the T record's own.</summary>
    public bool? GapBackPaid { get; init; }

    public required IReadOnlyList<CoverageRecord> History { get; init; }
}
