namespace MedicalInsurance.Infrastructure.Calculation;

/// <summary>
/// The request of CALC-CONTRACT.md as it arrives: every field optional here, so that a missing one is named by the
/// mapping rather than lost in a serializer message. Unknown fields are ignored.
/// </summary>
public sealed class CalcRequest
{
    public string? Province { get; set; }

    public string? PoolingRegion { get; set; }

    public int? CoverageYear { get; set; }

    public decimal? OriginalCap { get; set; }

    public DateOnly? BirthDate { get; set; }

    public DateOnly? AsOf { get; set; }

    public int? RepairYears { get; set; }

    public DateOnly? PreviousCoverageEndedOn { get; set; }

    public bool? GapBackPaid { get; set; }

    public List<CalcHistoryItem>? History { get; set; }
}
