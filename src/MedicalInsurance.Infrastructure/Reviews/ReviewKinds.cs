namespace MedicalInsurance.Infrastructure.Reviews;

public static class ReviewKinds
{
    public static IReadOnlyList<ReviewKind> All { get; } = Enum.GetValues<ReviewKind>();

    /// <summary>The kind as a clerk names it (the interface's key for the English text).</summary>
    public static string Label(ReviewKind kind) => kind switch
    {
        ReviewKind.PaymentLost => "缴费记录遗漏",
        ReviewKind.CoverElsewhere => "外地参保未记录",
        ReviewKind.WrongScheme => "险种有误",
        ReviewKind.WrongGroup => "人员类别有误",
        _ => "缴费日期或金额有误",
    };

    /// <summary>Whether the kind adds a record for a year that has none (the others correct a stored record).</summary>
    public static bool Adds(ReviewKind kind) => kind is ReviewKind.PaymentLost or ReviewKind.CoverElsewhere;

    public static string StatusLabel(ReviewStatus status) => status switch
    {
        ReviewStatus.Open => "待审核",
        ReviewStatus.Accepted => "已采纳",
        _ => "已驳回",
    };
}
