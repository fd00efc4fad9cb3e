using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.Caps;

/// <summary>RULES.md §2: continuous and zero-claim steps, clearing, the ceilings, break penalties.</summary>
internal static class CapCalculator
{
    // Formatted once: the hot path does no string formatting.
    private static readonly string[] ClearingNotes = Enumerable.Range(RegionPolicy.MinYear, RegionPolicy.MaxYear - RegionPolicy.MinYear + 1)
        .Select(year => $"{year}年度大病保险支付超过当年原封顶线（已使用奖励额度），此前累计的零报销激励已清零；连续参保激励保留。")
        .ToArray();

    public static CapStatement Compute(CalculationInput input, ref readonly YearTable table, List<PolicyParameter> used, List<string> notes)
    {
        var t = input.CoverageYear;
        var cap = input.OriginalCap;
        var policy = input.Policy.ForYear(t);
        var start = policy.StartYear.Value;
        if (t < start)
        {
            return new CapStatement { Original = cap, ContinuousSteps = 0, ZeroClaimSteps = 0, Increase = 0m, Decrease = 0m, Lines = [] };
        }

        var history = input.History;
        var lastClearing = LastClearingYear(input, in table, start, used);
        var step = policy.StepAmount!.Value;
        var ceiling = policy.IncentiveCeilingPercent!.Value;
        var threshold = policy.ContinuousStepFromRunYear!.Value;
        used.AddOnce(step.Parameter);
        used.AddOnce(ceiling.Parameter);
        used.AddOnce(threshold.Parameter);
        var unit = step.Value.ValueFor(cap);

        var lines = new List<CapLine>(t - start + 4);
        int continuous = 0, zeroClaim = 0, cleared = 0, run = 0;
        for (var y = start; y <= t; y++)
        {
            var resident = table.IsResident(y);
            run = resident ? run + 1 : table.IsBreak(y) ? 0 : run;
            if (resident && run >= threshold.Value)
            {
                continuous++;
                lines.Add(new CapLine(CapLineKind.Continuous, y, unit, step.Parameter.Citation));
            }

            if (y < t && resident && (history[table.ResidentRecord(y)].FundReimbursed ?? 0m) == 0m)
            {
                if (y <= lastClearing)
                {
                    cleared++;
                }
                else
                {
                    zeroClaim++;
                    lines.Add(new CapLine(CapLineKind.ZeroClaim, y, unit, step.Parameter.Citation) { NoClaimsRecorded = table.ClaimsMissing(y), Provisional = input.AsOf.Year <= y });
                }
            }
        }

        if (cleared > 0)
        {
            notes.Add(ClearingNotes[lastClearing - RegionPolicy.MinYear]);
        }

        var raw = unit * (continuous + zeroClaim);
        var increaseCeiling = YearPolicy.CeilingOf(cap, ceiling.Value);
        var increase = Math.Min(raw, increaseCeiling);
        if (raw > increaseCeiling)
        {
            lines.Add(new CapLine(CapLineKind.Ceiling, t, increaseCeiling - raw, ceiling.Parameter.Citation) { Bounds = "increase" });
        }

        var decrease = AddPenalties(policy, in table, start, t, cap, lines, used);
        return new CapStatement
        {
            Original = cap,
            ContinuousSteps = continuous,
            ZeroClaimSteps = zeroClaim,
            Increase = increase,
            Decrease = decrease,
            Lines = lines,
        };
    }

    /// <summary>
    /// The last year X before T whose catastrophic payouts exceeded the cap X would have had without any increase,
    /// C(X) − decrease(X) at X's parameters; int.MinValue when the reward was never used.
    /// </summary>
    private static int LastClearingYear(CalculationInput input, ref readonly YearTable table, int start, List<PolicyParameter> used)
    {
        var t = input.CoverageYear;
        var history = input.History;
        int last = int.MinValue, breakYears = 0, returns = 0;
        for (var x = start; x < t; x++)
        {
            if (x > start && table.IsInsured(x) && table.BreakYearsBefore(x) is var b and > 0)
            {
                breakYears += b;
                returns++;
            }

            var index = table.ResidentRecord(x);
            if (index < 0)
            {
                continue;
            }

            var record = history[index];
            if (record.CatastrophicPaid == 0m)
            {
                continue;
            }

            var policyX = input.Policy.ForYear(x);
            var capX = record.OriginalCap ?? input.OriginalCap;
            var decreaseX = returns == 0 ? 0m : Math.Min(PenaltyTotal(policyX.Penalty!.Value.Value, capX, breakYears, returns), YearPolicy.CeilingOf(capX, policyX.PenaltyCeilingPercent!.Value.Value));
            if (decreaseX > 0m)
            {
                used.AddOnce(policyX.Penalty!.Value.Parameter);
                used.AddOnce(policyX.PenaltyCeilingPercent!.Value.Parameter);
            }

            if (record.CatastrophicPaid > capX - decreaseX)
            {
                last = x;
            }
        }

        return last;
    }

    private static decimal PenaltyTotal(PenaltyRule rule, decimal cap, int breakYears, int returns) => rule.Kind switch
    {
        PenaltyKind.PerBreakYear => rule.Unit.ValueFor(cap) * breakYears,
        PenaltyKind.PerReturn => rule.Unit.ValueFor(cap) * returns,
        _ => 0m,
    };

    /// <summary>One decrease per return R (S &lt; R ≤ T, insured under any scheme, b(R) ≥ 1), valued at T's parameters.</summary>
    private static decimal AddPenalties(YearPolicy policy, ref readonly YearTable table, int start, int t, decimal cap, List<CapLine> lines, List<PolicyParameter> used)
    {
        var penalty = policy.Penalty!.Value;
        if (penalty.Value.Kind == PenaltyKind.None)
        {
            return 0m;
        }

        var raw = 0m;
        for (var r = start + 1; r <= t; r++)
        {
            if (!table.IsInsured(r) || table.BreakYearsBefore(r) is not (var b and > 0))
            {
                continue;
            }

            var amount = PenaltyTotal(penalty.Value, cap, b, 1);
            raw += amount;
            lines.Add(new CapLine(CapLineKind.BreakPenalty, r, -amount, penalty.Parameter.Citation) { BreakYears = b });
        }

        if (raw == 0m)
        {
            return 0m;
        }

        var ceiling = policy.PenaltyCeilingPercent!.Value;
        used.AddOnce(penalty.Parameter);
        used.AddOnce(ceiling.Parameter);
        var limit = YearPolicy.CeilingOf(cap, ceiling.Value);
        if (raw <= limit)
        {
            return raw;
        }

        lines.Add(new CapLine(CapLineKind.Ceiling, t, raw - limit, ceiling.Parameter.Citation) { Bounds = "decrease" });
        return limit;
    }
}
