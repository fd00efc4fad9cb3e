namespace MedicalInsurance.Domain.Provinces;

/// <summary>
/// One parameter value as it applies to one coverage year: what a result lists under "parameters". Exactly one of
/// <see cref="Number"/> and <see cref="Text"/> is set. Instances are built once per (province, region, year) and shared
/// by every result that uses them.
/// </summary>
public sealed class PolicyParameter
{
    internal PolicyParameter(string name, int year, decimal? number, string? text, ParameterStatus status, string citation)
    {
        Name = name;
        Year = year;
        Number = number;
        Text = text;
        Status = status;
        Citation = citation;
        UnconfirmedNote = status == ParameterStatus.Unconfirmed
            ? $"{ParameterLabels.Label(name)}（{year}年度）为暂定值，尚未确认：{(text ?? number?.ToString(System.Globalization.CultureInfo.InvariantCulture))}，依据 {citation}"
            : null;
    }

    public string Name { get; }

    public int Year { get; }

    public decimal? Number { get; }

    public string? Text { get; }

    public ParameterStatus Status { get; }

    public string Citation { get; }

    /// <summary>The note a clerk must see when the value is a working one; null when confirmed.</summary>
    public string? UnconfirmedNote { get; }

    public override string ToString() => $"{Name}[{Year}] = {Text ?? Number?.ToString(System.Globalization.CultureInfo.InvariantCulture)} ({Status}, {Citation})";
}

internal static class ParameterLabels
{
    public static string Label(string name) => name switch
    {
        "startYear" => "机制起始年度",
        "continuousStepFromRunYear" => "连续参保激励起始年数",
        "stepAmount" => "每次提高额度",
        "incentiveCeiling" => "提高总额上限",
        "penalty" => "断保降低额度",
        "penaltyCeiling" => "降低总额上限",
        "exemptGroups" => "免等待期特殊群体",
        "fixedWaitingMonths" => "固定待遇等待期",
        "waitingFloor" => "连续断缴4年及以上的等待期下限",
        "collectionPeriod" => "集中参保期",
        "contributionStandard" => "个人缴费标准",
        "newbornDays" => "新生儿参保期限",
        "switchWindowMonths" => "切换参保关系中断期限",
        "switchMinInsuredYears" => "切换参保关系前连续参保年数",
        "waitingStartsOn" => "待遇等待期起算日",
        "regionalOverrides" => "统筹地区可调整激励约束标准",
        "originalCap" => "大病保险原封顶线",
        _ => name,
    };
}
