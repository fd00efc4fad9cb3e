using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.WaitingPeriods;

/// <summary>RULES.md §3: exemptions, the scheme switch, the on-time check, the waiting period, repair and carry-over.</summary>
internal static class WaitingPeriodCalculator
{
    private readonly record struct Core(WaitingReason Reason, int BreakYears, int Fixed, int Variable, int Repaired, int Total, DateOnly? FirstDay, DateOnly BenefitsFrom, string Citation);

    public static WaitingPeriodDecision Decide(CalculationInput input, ref readonly YearTable table, CoverageRecord record, DateOnly paidOn, List<PolicyParameter> used)
    {
        var t = input.CoverageYear;
        var policy = input.Policy.ForYear(t);
        var core = DecideCore(input, in table, t, record, paidOn, policy, input.RepairYears, includeSwitch: true, used);

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
            LastDay = core.FirstDay is null ? null : core.BenefitsFrom.AddDays(-1),
            BenefitsFrom = benefits,
            CarriedOverFrom = carriedFrom,
            RepairOptions = core.Reason == WaitingReason.Waiting ? RepairOptions(policy, core, carry, used) : [],
            Citation = core.Citation,
        };
    }

    private static Core DecideCore(CalculationInput input, ref readonly YearTable table, int year, CoverageRecord record, DateOnly paid, YearPolicy policy,
        int repairYears, bool includeSwitch, List<PolicyParameter>? used)
    {
        var yearStart = new DateOnly(year, 1, 1);
        var notBefore = paid > yearStart ? paid : yearStart;
        var breakYears = table.BreakYearsBefore(year);
        var start = policy.StartYear;
        if (year < start.Value)
        {
            used?.AddOnce(start.Parameter);
            return new Core(WaitingReason.NotApplicable, breakYears, 0, 0, 0, 0, null, notBefore, start.Parameter.Citation);
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
                return new Core(WaitingReason.Newborn, breakYears, 0, 0, 0, 0, null, birth > yearStart ? birth : yearStart, exempt.Parameter.Citation);
            }

            if (year == birth.Year && paid > lastOnTime)
            {
                used?.AddOnce(days.Parameter);
                used?.AddOnce(exempt.Parameter);
                return new Core(WaitingReason.Newborn, breakYears, 0, 0, 0, 0, null, paid, exempt.Parameter.Citation);
            }
        }

        if (policy.IsExempt(record.Group))
        {
            used?.AddOnce(exempt.Parameter);
            return new Core(WaitingReason.ExemptGroup, breakYears, 0, 0, 0, 0, null, notBefore, exempt.Parameter.Citation);
        }

        // 2. A switch from employee insurance within the window after the last day of cover E.
        if (includeSwitch && input.PreviousCoverageEndedOn is { } ended && IsSwitch(in table, year, ended, paid, policy))
        {
            used?.AddOnce(policy.SwitchWindowMonths!.Value.Parameter);
            used?.AddOnce(policy.SwitchMinInsuredYears!.Value.Parameter);
            var dayAfter = ended.AddDays(1);
            var from = input.GapBackPaid ? dayAfter : paid;
            return new Core(WaitingReason.SchemeSwitch, breakYears, 0, 0, 0, 0, null, from > yearStart ? from : yearStart, policy.SwitchWindowMonths!.Value.Parameter.Citation);
        }

        // 3. On time and continuous.
        var period = policy.CollectionPeriod!.Value;
        used?.AddOnce(period.Parameter);
        if (paid <= period.Value.To && breakYears == 0)
        {
            return new Core(WaitingReason.OnTime, 0, 0, 0, 0, 0, null, notBefore, period.Parameter.Citation);
        }

        // 4. The waiting period.
        var fixedMonths = policy.FixedWaitingMonths!.Value;
        var floor = policy.WaitingFloor!.Value;
        used?.AddOnce(fixedMonths.Parameter);
        used?.AddOnce(floor.Parameter);
        var variable = Math.Max(0, breakYears - 1);
        var repaired = Math.Min(repairYears, variable);
        var total = TotalMonths(fixedMonths.Value, variable, repaired, breakYears, floor.Value);
        return new Core(WaitingReason.Waiting, breakYears, fixedMonths.Value, variable, repaired, total, notBefore, notBefore.AddMonths(total), fixedMonths.Parameter.Citation);
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

        // E = 04-30 allows payment up to 07-31: the window starts the day after E.
        var lastDay = ended.AddDays(1).AddMonths(policy.SwitchWindowMonths!.Value.Value).AddDays(-1);
        return ended <= paid && paid <= lastDay;
    }

    /// <summary>
    /// Check 5: when T − 1's own resident enrollment (its payment date and group, no repair, no switch) had a waiting
    /// period running past 31 Dec of T − 1, benefits for T start no earlier than its first day of benefits.
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
        var core = DecideCore(input, in table, previous, record, paid, policy, repairYears: 0, includeSwitch: false, used: null);
        if (core.Reason != WaitingReason.Waiting || core.BenefitsFrom <= new DateOnly(previous, 12, 31))
        {
            return null;
        }

        used.AddOnce(policy.CollectionPeriod!.Value.Parameter);
        used.AddOnce(policy.FixedWaitingMonths!.Value.Parameter);
        return core.BenefitsFrom;
    }

    private static RepairOption[] RepairOptions(YearPolicy policy, Core core, DateOnly? carry, List<PolicyParameter> used)
    {
        // One row per r from 0 to b − 1: repairing every missed year gains nothing over b − 1 (the first break year adds no month).
        var count = core.BreakYears;
        if (count == 0)
        {
            return [];
        }

        var options = new RepairOption[count];
        var standard = policy.ContributionStandard!.Value;
        if (count > 1)
        {
            used.AddOnce(standard.Parameter);
        }

        var start = core.FirstDay!.Value;
        var floor = policy.WaitingFloor!.Value.Value;
        var previousTotal = 0;
        for (var r = 0; r < count; r++)
        {
            var total = TotalMonths(core.Fixed, core.Variable, Math.Min(r, core.Variable), core.BreakYears, floor);
            var benefits = start.AddMonths(total);
            if (carry is { } c && c > benefits)
            {
                benefits = c;
            }

            options[r] = new RepairOption(r, total, benefits, r * standard.Value, r > 0 && total < previousTotal);
            previousTotal = total;
        }

        return options;
    }
}
