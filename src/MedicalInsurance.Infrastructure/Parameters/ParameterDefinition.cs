namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>A parameter the catalog reads: its name in the data, its Chinese name, the shape of its value and its unit.</summary>
public sealed record ParameterDefinition(string Name, string Label, ParameterKind Kind, string? Unit = null)
{
    /// <summary>Every parameter, in the order a page lists them (caps first, then waiting periods, then the rest).</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } =
    [
        new("originalCap", "大病保险原封顶线", ParameterKind.Money),
        new("startYear", "机制起始年度", ParameterKind.Year),
        new("continuousStepFromRunYear", "连续参保第几年起提高", ParameterKind.Count, "年"),
        new("stepAmount", "每次提高额度", ParameterKind.AmountOrPercent),
        new("incentiveCeiling", "提高总额上限", ParameterKind.Percentage),
        new("penalty", "断保降低额度", ParameterKind.Penalty),
        new("penaltyCeiling", "降低总额上限", ParameterKind.Percentage),
        new("exemptGroups", "免等待期特殊群体", ParameterKind.Groups),
        new("fixedWaitingMonths", "固定待遇等待期", ParameterKind.Count, "个月"),
        new("waitingFloor", "连续断缴多年的等待期下限", ParameterKind.WaitingFloor),
        new("waitingStartsOn", "待遇等待期起算日", ParameterKind.WaitingStart),
        new("collectionPeriod", "集中参保期", ParameterKind.DateRange),
        new("contributionStandard", "个人缴费标准", ParameterKind.Money),
        new("newbornDays", "新生儿参保期限", ParameterKind.Count, "天"),
        new("switchWindowMonths", "职工医保转入中断期限", ParameterKind.Count, "个月"),
        new("switchMinInsuredYears", "职工医保转入前连续参保年数", ParameterKind.Count, "年"),
        new("regionalOverrides", "统筹地区可调整激励约束标准", ParameterKind.Flag),
        new(PolicyDocument.SwitchesName, "规则口径开关", ParameterKind.Switches),
    ];

    private static readonly Dictionary<string, ParameterDefinition> ByName = All.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>The definition of <paramref name="name"/>, or null for a name the catalog does not read.</summary>
    public static ParameterDefinition? Find(string? name) => name is not null && ByName.TryGetValue(name, out var definition) ? definition : null;

    /// <summary>Statuses as the data writes them, and their Chinese names.</summary>
    public static IReadOnlyList<(string Status, string Label)> Statuses { get; } =
    [
        ("confirmed", "已确认"),
        ("interpretation", "解释口径"),
        ("unconfirmed", "暂定"),
    ];

    public static string StatusLabel(string status) => Statuses.FirstOrDefault(s => s.Status == status).Label ?? status;
}
