using System.Globalization;
using MedicalInsurance.Infrastructure.Exports;
using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// The tables of a dashboard, built once from a <see cref="DashboardView"/>: the page shows them beside their charts and
/// the export writes the very same rows.
/// </summary>
public static class DashboardTables
{
    public const string Overview = "overview";
    public const string Regions = "regions";
    public const string Payments = "payments";
    public const string Waiting = "waiting";
    public const string Breaks = "breaks";
    public const string Consecutive = "consecutive";
    public const string Caps = "caps";

    public static readonly IReadOnlyList<string> Keys = [Overview, Regions, Payments, Waiting, Breaks, Consecutive, Caps];

    private static readonly ExportColumn Item = new("指标", ColumnKind.Text);
    private static readonly ExportColumn Value = new("数值", ColumnKind.Decimal);

    public static ExportTable? Build(DashboardView view, string key)
    {
        ArgumentNullException.ThrowIfNull(view);
        return key switch
        {
            Overview => ExportTable.Of(key, $"{view.Name}{view.Year}年度概况", [Item, Value], OverviewRows(view)),
            Regions => ExportTable.Of(key, $"{view.Name}{view.Year}年度下级地区",
                [new("地区代码", ColumnKind.Text), new("地区", ColumnKind.Text), new("档案人数", ColumnKind.Integer), new("参保人数", ColumnKind.Integer),
                 new("参保率(%)", ColumnKind.Decimal), new("居民医保参保", ColumnKind.Integer), new("按期缴费", ColumnKind.Integer), new("逾期缴费", ColumnKind.Integer),
                 new("等待期中", ColumnKind.Integer), new("断缴后回归", ColumnKind.Integer), new("封顶线提高人数", ColumnKind.Integer),
                 new("提高总额(元)", ColumnKind.Decimal), new("降低总额(元)", ColumnKind.Decimal), new("待催缴", ColumnKind.Integer)],
                view.Children.Select(c => new object?[]
                {
                    c.Code, c.Name, c.Figures.Count(M.Persons), c.Figures.Count(M.Insured), c.Figures.EnrollmentRate, c.Figures.Count(M.Resident),
                    c.Figures.Count(M.Resident) - c.Figures.Count(M.Late), c.Figures.Count(M.Late), c.Figures.Count(M.WaitingNow), c.Figures.Count(M.Returns),
                    c.Figures.Count(M.Raised), c.Figures[M.Increase], c.Figures[M.Decrease], c.Figures.Count(M.CallList),
                })),
            Payments => ExportTable.Of(key, $"{view.Name}{view.Year}年度缴费进度",
                [new("日期", ColumnKind.Date), new($"{view.Year}年度累计缴费", ColumnKind.Integer), new($"{view.Year - 1}年度上年同日累计", ColumnKind.Integer)],
                view.Payments.Select(p => new object?[] { p.Day, p.PaidSoFar, p.LastYearSoFar })),
            Waiting => ExportTable.Of(key, $"{view.Name}{view.Year}年度等待期结束月份",
                [new("结束月份", ColumnKind.Text), new("人数", ColumnKind.Integer)],
                view.WaitingEnds.Select(b => new object?[] { MonthLabel(b.Bucket), b.Count })),
            Breaks => ExportTable.Of(key, $"{view.Name}{view.Year}年度连续断缴年数",
                [new("连续断缴年数", ColumnKind.Text), new("人数", ColumnKind.Integer)],
                view.Breaks.Select(b => new object?[] { b.Bucket >= DashboardSummaries.BreaksTop ? $"{b.Bucket}年及以上" : $"{b.Bucket}年", b.Count })),
            Consecutive => ExportTable.Of(key, $"{view.Name}{view.Year}年度连续参保年数",
                [new("连续参保年数", ColumnKind.Text), new("人数", ColumnKind.Integer)],
                view.Consecutive.Select(b => new object?[] { b.Bucket >= DashboardSummaries.ConsecutiveTop ? $"{b.Bucket}年及以上" : $"{b.Bucket}年", b.Count })),
            Caps => ExportTable.Of(key, $"{view.Name}{view.Year}年度大病保险封顶线", [Item, Value], CapRows(view)),
            _ => null,
        };
    }

    public static string MonthLabel(int bucket) => string.Create(CultureInfo.InvariantCulture, $"{bucket / 100}-{bucket % 100:D2}");

    private static IEnumerable<object?[]> OverviewRows(DashboardView view)
    {
        var t = view.Totals;
        yield return ["档案人数", t[M.Persons]];
        yield return ["参保人数（含职工医保等）", t[M.Insured]];
        yield return ["参保率(%)", t.EnrollmentRate];
        yield return ["居民医保参保人数", t[M.Resident]];
        yield return ["按期缴费", (decimal)view.OnTime];
        yield return ["逾期缴费", t[M.Late]];
        yield return ["当前处于等待期", t[M.WaitingNow]];
        yield return ["断缴后回归", t[M.Returns]];
        yield return ["本年度首次获得连续参保激励", t[M.FirstStep]];
        yield return ["上年度参保、本年度未缴费", t[M.CallList]];
    }

    private static IEnumerable<object?[]> CapRows(DashboardView view)
    {
        var t = view.Totals;
        yield return ["封顶线提高人数", t[M.Raised]];
        yield return ["提高总额(元)", t[M.Increase]];
        yield return ["封顶线降低人数", t[M.Decreased]];
        yield return ["降低总额(元)", t[M.Decrease]];
        yield return ["达到20%提高上限人数", t[M.AtCeiling]];
        yield return ["获零报销激励人数", t[M.ZeroClaim]];
        yield return ["零报销激励占比(%)", t.ZeroClaimShare];
    }
}
