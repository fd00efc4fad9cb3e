using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.WaitingPeriods;

/// <summary>RULES.md §3: exemptions, the scheme switch, the on-time check, the waiting period, repair and carry-over.</summary>
internal static class WaitingPeriodCalculator
{
    private readonly record struct Core(WaitingReason Reason, int BreakYears, int Fixed, int Variable, int Repaired, int Total, DateOnly? FirstDay, DateOnly? End, DateOnly BenefitsFrom, string Citation);

    /// <summary>The facts of the enrollment decided: its payment, group, repair and switch.</summary>
    private readonly record struct Facts(DateOnly Paid, EnrollmentGroup Group, int RepairYears, DateOnly? PreviousCoverageEndedOn, bool GapBackPaid);

    /// <summary>The decision for T: the T record's facts, each replaced by the request's what-if where one is given.</summary>
    public static WaitingPeriodDecision Decide(CalculationInput input, ref readonly YearTable table, CoverageRecord record, DateOnly paidOn, List<PolicyParameter> used)
    {
        var t = input.CoverageYear;
        var policy = input.Policy.ForYear(t);
        var facts = new Facts(paidOn, record.Group, input.RepairYears ?? record.RepairYears,
            input.PreviousCoverageEndedOn ?? record.PreviousCoverageEndedOn, input.GapBackPaid ?? record.GapBackPaid);
        var core = DecideCore(input, in table, t, facts, policy, used);

        var carry = CarryOver(input, in table, policy.StartYear.Value, used);
        var benefits = core.BenefitsFrom;
        int? carriedFrom = null;
        if (carry is { } c && c > benefits)
        {
            benefits = c;
            carriedFrom = t - 1;
        }

        return new WaitingPeriodDecision
        {
            Reason = core.Reason,
            BreakYears = core.BreakYears,
            FixedMonths = core.Fixed,
            VariableMonths = core.Variable,
            RepairedMonths = core.Repaired,
            TotalMonths = core.Total,
            FirstDay = core.FirstDay,
            LastDay = core.End?.AddDays(-1),
            BenefitsFrom = benefits,
            CarriedOverFrom = carriedFrom,
            RepairOptions = core.Reason == WaitingReason.Waiting ? RepairOptions(policy, core, carry, used) : [],
            Citation = core.Citation,
        };
    }

    private static Core DecideCore(CalculationInput input, ref readonly YearTable table, int year, Facts facts, YearPolicy policy, List<PolicyParameter>? used)
    {
        var paid = facts.Paid;
        var yearStart = new DateOnly(year, 1, 1);
        var notBefore = paid > yearStart ? paid : yearStart;
        var breakYears = table.BreakYearsBefore(year);
        var start = policy.StartYear;
        if (year < start.Value)
        {
            used?.AddOnce(start.Parameter);
            return new Core(WaitingReason.NotApplicable, breakYears, 0, 0, 0, 0, null, null, notBefore, start.Parameter.Citation);
        }

        // 1. Newborns, from the birth date, and the groups the province exempts.
        var exempt = policy.ExemptGroups!.Value;
        if (input.BirthDate is { } birth)
        {
            var days = policy.NewbornDays!.Value;
            var lastOnTime = birth.AddDays(days.Value);
            if (paid >= birth && paid <= lastOnTime && (year == birth.Year || year == birth.Year + 1))
            {
                used?.AddOnce(days.Parameter);
                used?.AddOnce(exempt.Parameter);
                return new Core(WaitingReason.Newborn, breakYears, 0, 0, 0, 0, null, null, birth > yearStart ? birth : yearStart, exempt.Parameter.Citation);
            }

            if (year == birth.Year && paid > lastOnTime)
            {
                used?.AddOnce(days.Parameter);
                used?.AddOnce(exempt.Parameter);
                return new Core(WaitingReason.Newborn, breakYears, 0, 0, 0, 0, null, null, paid, exempt.Parameter.Citation);
            }
        }

        if (policy.IsExempt(facts.Group))
        {
            used?.AddOnce(exempt.Parameter);
            return new Core(WaitingReason.ExemptGroup, breakYears, 0, 0, 0, 0, null, null, notBefore, exempt.Parameter.Citation);
        }

        // 2. A switch from employee insurance within the window after E, the gap back-paid ("补缴后不设待遇等待期").
        if (facts is { PreviousCoverageEndedOn: { } ended, GapBackPaid: true } && IsSwitch(in table, year, ended, paid, policy))
        {
            used?.AddOnce(policy.SwitchWindowMonths!.Value.Parameter);
            used?.AddOnce(policy.SwitchMinInsuredYears!.Value.Parameter);
            var dayAfter = ended.AddDays(1);
            return new Core(WaitingReason.SchemeSwitch, breakYears, 0, 0, 0, 0, null, null, dayAfter > yearStart ? dayAfter : yearStart, policy.SwitchWindowMonths!.Value.Parameter.Citation);
        }

        // 3. On time and continuous.
        var period = policy.CollectionPeriod!.Value;
        used?.AddOnce(period.Parameter);
        if (paid <= period.Value.To && breakYears == 0)
        {
            return new Core(WaitingReason.OnTime, 0, 0, 0, 0, 0, null, null, notBefore, period.Parameter.Citation);
        }

        // 4. The waiting period, counted from P or from max(P, 1 Jan T) as the province says; benefits never before 1 Jan T.
        var fixedMonths = policy.FixedWaitingMonths!.Value;
        var floor = policy.WaitingFloor!.Value;
        var startsOn = policy.WaitingStartsOn!.Value;
        used?.AddOnce(fixedMonths.Parameter);
        used?.AddOnce(floor.Parameter);
        used?.AddOnce(startsOn.Parameter);
        var variable = Math.Max(0, breakYears - 1);
        var repaired = Math.Min(facts.RepairYears, variable);
        var total = TotalMonths(fixedMonths.Value, variable, repaired, breakYears, floor.Value);
        var first = startsOn.Value == WaitingStart.PaymentDate ? paid : notBefore;
        var end = first.AddMonths(total);
        return new Core(WaitingReason.Waiting, breakYears, fixedMonths.Value, variable, repaired, total, first, end, end > yearStart ? end : yearStart, fixedMonths.Parameter.Citation);
    }

    private static int TotalMonths(int fixedMonths, int variable, int repaired, int breakYears, WaitingFloor floor)
    {
        var total = fixedMonths + variable - repaired;
        return breakYears >= floor.FromBreakYears ? Math.Max(total, floor.Months) : total;
    }

    private static bool IsSwitch(ref readonly YearTable table, int year, DateOnly ended, DateOnly paid, YearPolicy policy)
    {
        if (!(table.IsEmployee(year - 1) || table.IsEmployee(year)))
        {
            return false;
        }

        for (var k = 1; k <= policy.SwitchMinInsuredYears!.Value.Value; k++)
        {
            if (!table.IsInsured(year - k))
            {
                return false;
            }
        }

        // "3个月(含)以内": the window starts the day after E and its last day is 3 months on (E = 04-30 allows P up to 08-01).
        var lastDay = ended.AddDays(1).AddMonths(policy.SwitchWindowMonths!.Value.Value);
        return ended <= paid && paid <= lastDay;
    }

    /// <summary>
    /// Check 5: when T − 1's resident enrollment, decided with its own facts (payment date, group, repair and switch), had
    /// a waiting period whose benefits start after 31 Dec of T − 1, benefits for T start no earlier than that day.
    /// </summary>
    private static DateOnly? CarryOver(CalculationInput input, ref readonly YearTable table, int startYear, List<PolicyParameter> used)
    {
        var previous = input.CoverageYear - 1;
        var index = table.ResidentRecord(previous);
        if (previous < startYear || index < 0 || input.History[index] is not { PaidOn: { } paid } record)
        {
            return null;
        }

        var policy = input.Policy.ForYear(previous);
        var facts = new Facts(paid, record.Group, record.RepairYears, record.PreviousCoverageEndedOn, record.GapBackPaid);
        var core = DecideCore(input, in table, previous, facts, policy, used: null);
        if (core.Reason != WaitingReason.Waiting || core.BenefitsFrom <= new DateOnly(previous, 12, 31))
        {
            return null;
        }

        used.AddOnce(policy.CollectionPeriod!.Value.Parameter);
        used.AddOnce(policy.FixedWaitingMonths!.Value.Parameter);
        used.AddOnce(policy.WaitingStartsOn!.Value.Parameter);
        return core.BenefitsFrom;
    }

    /// <summary>
    /// A row for r = 0, then one for each r = 1 … b − 1 as long as paying r years brings the first day of benefits (after
    /// carry-over) earlier than paying r − 1: a repair that gains nothing is never offered, so never charged.
    /// </summary>
    private static RepairOption[] RepairOptions(YearPolicy policy, Core core, DateOnly? carry, List<PolicyParameter> used)
    {
        if (core.BreakYears == 0)
        {
            return [];
        }

        var standard = policy.ContributionStandard!.Value;
        var floor = policy.WaitingFloor!.Value.Value;
        var yearStart = new DateOnly(policy.Year, 1, 1);
        var options = new List<RepairOption>(core.BreakYears);
        DateOnly? previous = null;
        for (var r = 0; r < core.BreakYears; r++)
        {
            var total = TotalMonths(core.Fixed, core.Variable, Math.Min(r, core.Variable), core.BreakYears, floor);
            var end = core.FirstDay!.Value.AddMonths(total);
            var benefits = end > yearStart ? end : yearStart;
            if (carry is { } c && c > benefits)
            {
                benefits = c;
            }

            if (previous is { } p && benefits >= p)
            {
                break;
            }

            options.Add(new RepairOption(r, total, benefits, r * standard.Value, r > 0));
            previous = benefits;
        }

        if (options.Count > 1)
        {
            used.AddOnce(standard.Parameter);
        }

        return [.. options];
    }
}
