namespace MedicalInsurance.Infrastructure.Calculation;

public sealed class CalcHistoryItem
{
    public int? Year { get; set; }

    public string? Scheme { get; set; }

    public DateOnly? PaidOn { get; set; }

    public string? Group { get; set; }

    public decimal? FundReimbursed { get; set; }

    public decimal? CatastrophicPaid { get; set; }

    public decimal? OriginalCap { get; set; }

    public int? RepairYears { get; set; }

    public DateOnly? PreviousCoverageEndedOn { get; set; }

    public bool? GapBackPaid { get; set; }
}
