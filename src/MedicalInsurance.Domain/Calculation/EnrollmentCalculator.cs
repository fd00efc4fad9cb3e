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
        if (input.RepairYears > breakYears)
        {
            return new CalculationError("repairYears", $"补缴年数（{input.RepairYears}）不能超过断保年数（{breakYears}）");
        }

        var used = new List<PolicyParameter>(12) { policy.StartYear.Parameter };
        var notes = new List<string>(2);
        var record = table.ResidentRecord(t) is var index and >= 0 ? history[index] : null;
        var cap = record is null ? null : CapCalculator.Compute(input, in table, used, notes);
        var decision = record?.PaidOn is { } paid ? WaitingPeriodCalculator.Decide(input, in table, record, paid, used) : null;

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
}
