using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.WaitingPeriods;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>
/// Turns a person's enrollment history into the cap and the waiting period for coverage year T, exactly as RULES.md
/// reads the policy. Pure: no clock, no I/O, no state; safe to call from any number of threads.
/// </summary>
public static class EnrollmentCalculator
{
    public static CalculationOutcome Calculate(CalculationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (InputValidator.Validate(input) is { } error)
        {
            return error;
        }

        var t = input.CoverageYear;
        var policy = input.Policy.ForYear(t);
        var start = policy.StartYear.Value;
        var low = Math.Max(RegionPolicy.MinYear, Math.Min(t - 2, start));
        var span = t - low + 1;
        var table = new YearTable(low, t, stackalloc byte[span], stackalloc short[span], stackalloc short[span]);
        var history = input.History;
        for (var i = 0; i < history.Count; i++)
        {
            table.Add(history[i], i);
        }

        var newbornDays = policy.NewbornDays?.Value ?? 0;
        table.MarkBreaks(start, input.BirthDate, newbornDays, history);

        var breakYears = table.BreakYearsBefore(t);
        var index = table.ResidentRecord(t);
        var record = index >= 0 ? history[index] : null;
        var repairYears = input.RepairYears ?? record?.RepairYears ?? 0;
        var repairField = input.RepairYears is null && index >= 0 ? $"history[{index}].repairYears" : "repairYears";
        if (repairYears > breakYears)
        {
            return new CalculationError(repairField, $"补缴年数（{repairYears}）不能超过断保年数（{breakYears}）");
        }

        if (repairYears > 0 && record?.PaidOn is null)
        {
            return new CalculationError(repairField, "没有该年度的缴费记录，不能补缴");
        }

        var used = new List<PolicyParameter>(12) { policy.StartYear.Parameter };
        var notes = new List<string>(2);
        var cap = record is null ? null : CapCalculator.Compute(input, in table, used, notes);
        var decision = record?.PaidOn is { } paid ? WaitingPeriodCalculator.Decide(input, in table, record, paid, used) : null;
        if (repairYears > 0 && decision is not null && RepairRefusal(decision, repairYears) is { } refusal)
        {
            return new CalculationError(repairField, refusal);
        }

        foreach (var parameter in used)
        {
            if (parameter.UnconfirmedNote is { } note)
            {
                notes.Add(note);
            }
        }

        return new CalculationResult
        {
            CoverageYear = t,
            BreakYears = breakYears,
            Insured = table.IsInsured(t),
            Cap = cap,
            WaitingPeriod = decision,
            Parameters = used,
            Notes = notes,
        };
    }

    /// <summary>A repair is paid only where it brings benefits earlier: within the decision's repair options (RULES.md §5).</summary>
    private static string? RepairRefusal(WaitingPeriods.WaitingPeriodDecision decision, int repairYears)
    {
        if (!decision.Required)
        {
            return "该参保登记不设待遇等待期，无需补缴";
        }

        var rows = decision.RepairOptions.Count;
        return repairYears < rows ? null
            : rows <= 1 ? "补缴不能使待遇享受日期提前：固定的3个月等待期不能通过补缴缩短"
            : $"补缴{repairYears}年不能使待遇享受日期比补缴{rows - 1}年更早，最多补缴{rows - 1}年";
    }
}
