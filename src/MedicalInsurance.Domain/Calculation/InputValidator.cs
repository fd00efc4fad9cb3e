using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>The refusals of RULES.md §5 that need no rule computed; the engine adds the repair check.</summary>
internal static class InputValidator
{
    public static CalculationError? Validate(CalculationInput input)
    {
        var t = input.CoverageYear;
        var asOf = input.AsOf;
        var lastYear = Math.Min(asOf.Year + 1, RegionPolicy.MaxYear);
        if (t < RegionPolicy.MinYear || t > lastYear)
        {
            return new("coverageYear", $"参保年度须在{RegionPolicy.MinYear}年至{lastYear}年之间");
        }

        if (MoneyProblem(input.OriginalCap, positive: true) is { } capProblem)
        {
            return new("originalCap", capProblem);
        }

        var birth = input.BirthDate;
        if (birth > asOf)
        {
            return new("birthDate", "出生日期不能晚于查询日期");
        }

        if (input.PreviousCoverageEndedOn > asOf)
        {
            return new("previousCoverageEndedOn", "原参保终止日期不能晚于查询日期");
        }

        if (input.RepairYears < 0)
        {
            return new("repairYears", "补缴年数须为不小于0的整数");
        }

        var policy = input.Policy;

        var history = input.History;
        Span<byte> seen = stackalloc byte[RegionPolicy.MaxYear - RegionPolicy.MinYear + 1];
        seen.Clear();
        for (var i = 0; i < history.Count; i++)
        {
            if (RecordError(history, i, t, lastYear, birth, asOf, seen, policy) is { } recordError)
            {
                return recordError;
            }
        }

        return null;
    }

    private static CalculationError? RecordError(IReadOnlyList<Enrollment.CoverageRecord> history, int i, int t, int lastYear, DateOnly? birth, DateOnly asOf, Span<byte> seen, RegionPolicy policy)
    {
        var r = history[i];
        if (r.Year < RegionPolicy.MinYear || r.Year > lastYear)
        {
            return new(Field(i, "year"), $"参保年度须在{RegionPolicy.MinYear}年至{lastYear}年之间");
        }

        if (r.Year > t)
        {
            return new(Field(i, "year"), "参保记录的年度不能晚于所查询的参保年度");
        }

        if (birth is { } b && r.Year < b.Year)
        {
            return new(Field(i, "year"), "参保记录的年度不能早于出生年度");
        }

        // One bit per scheme and year: a second record for the same year and scheme is refused.
        var bit = (byte)(1 << (int)r.Scheme);
        ref var schemes = ref seen[r.Year - RegionPolicy.MinYear];
        if ((schemes & bit) != 0)
        {
            return new(Field(i, "year"), "同一年度同一险种有两条参保记录");
        }

        schemes |= bit;

        // Field names are built only on the error path: this check runs for every record of every calculation.
        if (r.OriginalCap is { } cap && MoneyProblem(cap, positive: true) is { } capProblem)
        {
            return new(Field(i, "originalCap"), capProblem);
        }

        if (r.FundReimbursed is { } fund && MoneyProblem(fund, positive: false) is { } fundProblem)
        {
            return new(Field(i, "fundReimbursed"), fundProblem);
        }

        if (MoneyProblem(r.CatastrophicPaid, positive: false) is { } catProblem)
        {
            return new(Field(i, "catastrophicPaid"), catProblem);
        }

        if (r.CatastrophicPaid > (r.FundReimbursed ?? 0m))
        {
            return new(Field(i, "catastrophicPaid"), "大病保险支付不能大于统筹基金报销总额");
        }

        if (r.PaidOn is { } paid)
        {
            if (paid > asOf)
            {
                return new(Field(i, "paidOn"), "缴费日期不能晚于查询日期");
            }

            if (paid < birth)
            {
                return new(Field(i, "paidOn"), "缴费日期不能早于出生日期");
            }

            if (paid.Year > r.Year)
            {
                return new(Field(i, "paidOn"), $"{r.Year}年度的缴费日期不能晚于{r.Year}年12月31日");
            }

            // Payment opens with the year's collection period (years from S on).
            var yearPolicy = policy.ForYear(r.Year);
            if (r.Year >= yearPolicy.StartYear.Value && yearPolicy.CollectionPeriod is { } period && paid < period.Value.From)
            {
                return new(Field(i, "paidOn"), $"{r.Year}年度的缴费日期不能早于集中参保期开始日（{period.Value.From:yyyy-MM-dd}）");
            }
        }

        if (r.RepairYears < 0)
        {
            return new(Field(i, "repairYears"), "补缴年数须为不小于0的整数");
        }

        if (r.PreviousCoverageEndedOn > asOf)
        {
            return new(Field(i, "previousCoverageEndedOn"), "原参保终止日期不能晚于查询日期");
        }

        return null;
    }

    private static string? MoneyProblem(decimal value, bool positive)
    {
        if (positive ? value <= 0 : value < 0)
        {
            return positive ? "金额须大于0" : "金额不能为负数";
        }

        return decimal.Round(value, 2) != value ? "金额最多保留两位小数" : null;
    }

    private static string Field(int index, string name) => $"history[{index}].{name}";
}
