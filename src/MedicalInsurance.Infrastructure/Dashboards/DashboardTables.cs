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
    public const string Targets = "targets";
    public const string Townships = "townships";

    public static readonly IReadOnlyList<string> Keys = [Overview, Regions, Payments, Waiting, Breaks, Consecutive, Caps, Targets, Townships];

    private static readonly ExportColumn Item = ExportColumn.Of(new("指标"), ColumnKind.Text);
    private static readonly ExportColumn Value = ExportColumn.Of(new("数值"), ColumnKind.Decimal);

    private static ExportColumn Column(string header, ColumnKind kind, params object[] args) => ExportColumn.Of(new Phrase(header, args), kind);

    /// <summary>A table titled "{division}{year}年度{what}" for exports, "{year}年度{what}" on the page.</summary>
    private static ExportTable Table(DashboardView view, string key, string what, IReadOnlyList<ExportColumn> columns, IEnumerable<object?[]> rows) =>
        ExportTable.Of(key, $"{view.Name}{view.Year}年度{what}", columns, rows) with { Caption = new Phrase("{0}年度" + what, view.Year) };

    public static ExportTable? Build(DashboardView view, string key)
    {
        ArgumentNullException.ThrowIfNull(view);
        return key switch
        {
            Overview => Table(view, key, "概况", [Item, Value], OverviewRows(view)),
            // Against the chosen population as the division's own rate, with the county's target rate or the city's target of
            // persons; the files' figures after.
            Regions => Table(view, key, "下级地区",
                [Column("地区代码", ColumnKind.Text), Column("地区", ColumnKind.Text), .. RateColumns(view.Basis, cityTargets: true), Column("档案人数", ColumnKind.Integer),
                 Column("居民医保参保", ColumnKind.Integer), Column("按期缴费", ColumnKind.Integer), Column("逾期缴费", ColumnKind.Integer),
                 Column("等待期中", ColumnKind.Integer), Column("断缴后回归", ColumnKind.Integer), Column("封顶线提高人数", ColumnKind.Integer),
                 Column("提高总额(元)", ColumnKind.Decimal), Column("降低总额(元)", ColumnKind.Decimal), Column("待催缴", ColumnKind.Integer)],
                view.Children.Select(object?[] (c) =>
                [
                    c.Code, c.Name, .. RateCells(c.PopulationTotals, view.Basis, c.Target, c.Completion(view.Basis), cityTargets: true, c.TargetPersons), c.Figures.Count(M.Persons), c.Figures.Count(M.Resident),
                    c.Figures.Count(M.Resident) - c.Figures.Count(M.Late), c.Figures.Count(M.Late), c.Figures.Count(M.WaitingNow), c.Figures.Count(M.Returns),
                    c.Figures.Count(M.Raised), c.Figures[M.Increase], c.Figures[M.Decrease], c.Figures.Count(M.CallList),
                ])),
            Payments => Table(view, key, "缴费进度",
                [Column("日期", ColumnKind.Date), Column("{0}年度累计缴费", ColumnKind.Integer, view.Year), Column("{0}年度上年同日累计", ColumnKind.Integer, view.Year - 1)],
                view.Payments.Select(p => new object?[] { p.Day, p.PaidSoFar, p.LastYearSoFar })),
            Waiting => Table(view, key, "等待期结束月份",
                [Column("结束月份", ColumnKind.Text), Column("人数", ColumnKind.Integer)],
                view.WaitingEnds.Select(b => new object?[] { MonthLabel(b.Bucket), b.Count })),
            Breaks => Table(view, key, "连续断缴年数",
                [Column("连续断缴年数", ColumnKind.Text), Column("人数", ColumnKind.Integer)],
                view.Breaks.Select(b => new object?[] { Years(b.Bucket, DashboardSummaries.BreaksTop), b.Count })),
            Consecutive => Table(view, key, "连续参保年数",
                [Column("连续参保年数", ColumnKind.Text), Column("人数", ColumnKind.Integer)],
                view.Consecutive.Select(b => new object?[] { Years(b.Bucket, DashboardSummaries.ConsecutiveTop), b.Count })),
            Caps => Table(view, key, "大病保险封顶线", [Item, Value], CapRows(view)),
            Targets => Table(view, key, "各县区参保率目标完成情况",
                [Column("县区代码", ColumnKind.Text), Column("县区", ColumnKind.Text), .. RateColumns(view.Basis)],
                view.Counties.Select(object?[] (c) => [c.Code, c.Name, .. RateCells(c.Figures, view.Basis, c.Target, c.Completion(view.Basis))])),
            Townships => Table(view, key, "各乡镇（街道）参保率",
                [Column("乡镇代码", ColumnKind.Text), Column("乡镇（街道）", ColumnKind.Text), Column(view.Basis.Label(), ColumnKind.Integer), Column("参保人数", ColumnKind.Integer),
                 Column("参保率(%)", ColumnKind.Decimal)],
                view.Townships.Where(t => t.Population(view.Basis) > 0)
                    .Select(t => new object?[] { t.Code, t.Name, t.Population(view.Basis), t.Insured(view.Basis), t.Rate(view.Basis) })),
            _ => null,
        };
    }

    /// <summary>With <paramref name="cityTargets"/>, a column for a city's target of persons before the completion.</summary>
    private static ExportColumn[] RateColumns(PopulationBasis basis, bool cityTargets = false) =>
    [
        Column(basis.Label(), ColumnKind.Integer), Column("参保人数", ColumnKind.Integer), Column("参保率(%)", ColumnKind.Decimal),
        Column("目标参保率(%)", ColumnKind.Decimal), .. cityTargets ? [Column("目标参保人数", ColumnKind.Integer)] : Array.Empty<ExportColumn>(),
        Column("完成情况", ColumnKind.Text),
    ];

    /// <summary>
    /// The population, its insured and the rate (or 未导入人口数据: a rate over the files would not compare), the target
    /// (with a city's target of persons in the 下级地区 table) and the completion.
    /// </summary>
    private static object?[] RateCells(Figures population, PopulationBasis basis, decimal? target, TargetCompletion completion, bool cityTargets = false, int? targetPersons = null) =>
    [
        population.HasPopulation ? population.Population(basis) : null,
        population.HasPopulation ? population.PopulationInsured(basis) : null,
        population.HasPopulation ? population.PopulationRate(basis) : CompletionText(TargetCompletion.NoPopulation),
        target,
        .. cityTargets ? [targetPersons] : Array.Empty<object?>(),
        CompletionText(completion),
    ];

    /// <summary>已完成 / 未完成, or why there is no answer.</summary>
    public static Phrase CompletionText(TargetCompletion completion) => new(completion switch
    {
        TargetCompletion.Met => "已完成",
        TargetCompletion.NotMet => "未完成",
        TargetCompletion.NoPopulation => "未导入人口数据",
        _ => "未设定目标",
    });

    private static Phrase Years(int bucket, int top) => new(bucket >= top ? "{0}年及以上" : "{0}年", bucket);

    public static string MonthLabel(int bucket) => string.Create(CultureInfo.InvariantCulture, $"{bucket / 100}-{bucket % 100:D2}");

    private static IEnumerable<object?[]> OverviewRows(DashboardView view)
    {
        var t = view.Totals;
        yield return [new Phrase("档案人数"), t[M.Persons]];
        yield return [new Phrase("参保人数（含职工医保等）"), t[M.Insured]];
        yield return [new Phrase("参保率(%)"), t.EnrollmentRate];
        yield return [new Phrase("居民医保参保人数"), t[M.Resident]];
        yield return [new Phrase("按期缴费"), (decimal)view.OnTime];
        yield return [new Phrase("逾期缴费"), t[M.Late]];
        yield return [new Phrase("当前处于等待期"), t[M.WaitingNow]];
        yield return [new Phrase("断缴后回归"), t[M.Returns]];
        yield return [new Phrase("本年度首次获得连续参保激励"), t[M.FirstStep]];
        yield return [new Phrase("上年度参保、本年度未缴费"), t[M.CallList]];
    }

    private static IEnumerable<object?[]> CapRows(DashboardView view)
    {
        var t = view.Totals;
        yield return [new Phrase("封顶线提高人数"), t[M.Raised]];
        yield return [new Phrase("提高总额(元)"), t[M.Increase]];
        yield return [new Phrase("封顶线降低人数"), t[M.Decreased]];
        yield return [new Phrase("降低总额(元)"), t[M.Decrease]];
        yield return [new Phrase("达到20%提高上限人数"), t[M.AtCeiling]];
        yield return [new Phrase("获零报销激励人数"), t[M.ZeroClaim]];
        yield return [new Phrase("零报销激励占比(%)"), t.ZeroClaimShare];
    }
}
