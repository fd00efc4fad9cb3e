using System.Collections.Concurrent;
using CsCheck;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.WaitingPeriods;

namespace MedicalInsurance.Domain.UnitTests;

/// <summary>
/// Properties of RULES.md over generated histories: breaks of 1–6 years, employee and other years, late payments,
/// claims around the clearing threshold, exempt groups, newborns and scheme switches. A failing property is a finding.
/// </summary>
public sealed class PropertyTests
{
    private const int Iterations = 3000;

    private static readonly string[] Provinces = ["national", "hebei", "heilongjiang", "guizhou"];

    /// <summary>One generated question: the input and a word on what kind of case it is, for the printed mix.</summary>
    public sealed record Scenario(CalculationInput Input, string Kind)
    {
        public override string ToString() =>
            $"{Kind} {Input.Policy.ProvinceId} T={Input.CoverageYear} C={Input.OriginalCap} birth={Input.BirthDate} r={Input.RepairYears} E={Input.PreviousCoverageEndedOn}/{Input.GapBackPaid} " +
            string.Join(" ", Input.History.Select(r => $"[{r.Year} {r.Scheme} {r.PaidOn} {r.Group} f={r.FundReimbursed} c={r.CatastrophicPaid}]"));
    }

    private static readonly Gen<Scenario> Scenarios =
        Gen.Select(Gen.Int[0, 3], Gen.Int[2025, 2045], Gen.Int[0, 9], Gen.Select(Gen.Int[1, 4], Gen.Int[1, 6]).List[0, 3], Gen.UInt.Array[16], Gen.Int[100_000, 500_000], Gen.Int[0, 99], Gen.Int[0, 6])
            .Select(t => Build(Provinces[t.Item1], t.Item2, t.Item3, t.Item4, t.Item5, t.Item6 + t.Item7 / 100m, t.Item8));

    private static Scenario Build(string province, int t, int special, List<(int Insured, int Breaks)> segments, uint[] draws, decimal cap, int repair)
    {
        PolicyCatalog.Shipped.TryResolve(province, null, out var policy);
        var records = new List<CoverageRecord>();
        var asOf = new DateOnly(t, 12, 31);
        DateOnly? birth = null;
        DateOnly? ended = null;
        var backPaid = false;
        string kind;
        var d = 0;
        uint Draw() => draws[d++ % draws.Length] ^ (uint)(d * 2654435761u);

        if (special == 0)
        {
            // A newborn: born in T or in the year before, paid for T some days after birth.
            kind = "newborn";
            birth = new DateOnly(t - (int)(Draw() % 2), 1, 1).AddDays((int)(Draw() % 365));
            var paid = Min(birth.Value.AddDays((int)(Draw() % 150)), new DateOnly(t, 12, 31));
            if (paid.Year < t && birth.Value.Year < t)
            {
                records.Add(Resident(birth.Value.Year, Min(paid, new DateOnly(birth.Value.Year, 12, 31)), Draw()));
            }

            // Payment for T opens with T's collection period (RULES.md §5).
            var opens = policy.ForYear(t).CollectionPeriod!.Value.Value.From;
            records.Add(Resident(t, paid < opens ? opens : paid, Draw()));
        }
        else
        {
            // Insured segments of resident, employee or other years, separated by breaks of 1–6 years.
            var year = 2024 + (int)(Draw() % 2);
            foreach (var (insured, breaks) in segments)
            {
                for (var i = 0; i < insured && year < t; i++, year++)
                {
                    records.Add(Year(year, Draw(), cap));
                }

                year += breaks;
            }

            for (; year < t; year++)
            {
                records.Add(Year(year, Draw(), cap));
            }

            var late = Draw() % 3 == 0;
            var paidT = late ? new DateOnly(t, 1, 1).AddDays((int)(Draw() % 300)) : new DateOnly(t - 1, 11, 1).AddDays((int)(Draw() % 50));
            var group = special == 1 ? (EnrollmentGroup)(1 + Draw() % 4) : EnrollmentGroup.Ordinary;
            kind = special == 1 ? "exemptGroup?" : late ? "latePayment" : "onTimePayment";
            if (special == 2)
            {
                // A switch from employee insurance: employee cover in T−1 and T, ended in T, paid some days later.
                kind = "schemeSwitch?";
                records.RemoveAll(r => r.Year >= t - 2);
                records.Add(new CoverageRecord { Year = t - 2, Scheme = Scheme.Resident, PaidOn = new DateOnly(t - 3, 11, 1) });
                records.Add(new CoverageRecord { Year = t - 1, Scheme = Scheme.Employee });
                records.Add(new CoverageRecord { Year = t, Scheme = Scheme.Employee });
                ended = new DateOnly(t, 1, 31).AddDays((int)(Draw() % 200));
                paidT = Min(ended.Value.AddDays((int)(Draw() % 130)), asOf);
                backPaid = Draw() % 2 == 0;
            }

            records.Add(new CoverageRecord { Year = t, PaidOn = paidT, Group = group });
        }

        return new Scenario(new CalculationInput
        {
            Policy = policy,
            CoverageYear = t,
            OriginalCap = cap,
            BirthDate = birth,
            AsOf = asOf,
            RepairYears = repair,
            PreviousCoverageEndedOn = ended,
            GapBackPaid = backPaid,
            History = records,
        }, kind);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static CoverageRecord Resident(int year, DateOnly paid, uint draw) =>
        new() { Year = year, PaidOn = paid, FundReimbursed = draw % 2 == 0 ? null : 0m };

    private static CoverageRecord Year(int year, uint draw, decimal cap)
    {
        var scheme = (draw % 10) switch { 0 => Scheme.Employee, 1 => Scheme.Other, _ => Scheme.Resident };
        if (scheme != Scheme.Resident)
        {
            return new CoverageRecord { Year = year, Scheme = scheme };
        }

        // Claims: none recorded, zero, a small outpatient claim, or catastrophic payouts around the clearing threshold.
        var (fund, catastrophic) = ((draw >> 4) % 5) switch
        {
            0 => ((decimal?)null, 0m),
            1 => (0m, 0m),
            2 => (1_500m, 0m),
            _ => (cap + 20_000m, cap - 10_000m + (draw >> 8) % 20_001),
        };
        var paid = (draw >> 12) % 4 == 0 ? new DateOnly(year, 3, 1).AddDays((int)((draw >> 16) % 200)) : new DateOnly(year - 1, 11, 1);
        return new CoverageRecord { Year = year, PaidOn = paid, FundReimbursed = fund, CatastrophicPaid = catastrophic };
    }

    /// <summary>The scenario with its repair years brought within the repair options, so that it is answered rather than refused.</summary>
    private static (CalculationInput Input, CalculationResult Result) Answer(Scenario scenario)
    {
        var first = EnrollmentCalculator.Calculate(scenario.Input with { RepairYears = 0 });
        Assert.True(first.Error is null, $"generated input refused: {first.Error} — {scenario}");
        var rows = first.Result!.WaitingPeriod?.RepairOptions.Count ?? 0;
        var input = scenario.Input with { RepairYears = Math.Min(scenario.Input.RepairYears ?? 0, Math.Max(0, rows - 1)) };
        var outcome = EnrollmentCalculator.Calculate(input);
        Assert.True(outcome.Error is null, $"{outcome.Error} — {scenario}");
        return (input, outcome.Result!);
    }

    [Fact]
    public void Properties_HoldOverGeneratedHistories()
    {
        var mix = new ConcurrentDictionary<string, int>();
        Scenarios.Sample(scenario =>
        {
            var (input, result) = Answer(scenario);
            Count(mix, scenario, result);
            var t = input.CoverageYear;
            var c = input.OriginalCap;

            if (result.Cap is { } cap)
            {
                Assert.InRange(cap.Effective, 0.8m * c, 1.2m * c);
                Assert.Equal(cap.Effective - cap.Original, cap.Lines.Sum(l => l.Amount));
            }

            if (result.WaitingPeriod is not { } decision)
            {
                return;
            }

            Assert.True(decision.BenefitsFrom >= new DateOnly(t, 1, 1), $"benefits before 1 Jan T: {decision.BenefitsFrom}");
            if (decision.Reason == WaitingReason.Waiting)
            {
                var b = decision.BreakYears;
                Assert.InRange(decision.TotalMonths, 3, 3 + Math.Max(0, b - 1));
                if (b >= 4)
                {
                    Assert.True(decision.TotalMonths >= 6, $"b={b} but only {decision.TotalMonths} months");
                }

                // Every repair offered brings benefits earlier than one year less, and is what registering it gives;
                // one year more than the last row, up to b, is refused: a repair is never charged for nothing.
                var options = EnrollmentCalculator.Calculate(input with { RepairYears = 0 }).Result!.WaitingPeriod!.RepairOptions;
                for (var r = 0; r <= b; r++)
                {
                    var repaired = EnrollmentCalculator.Calculate(input with { RepairYears = r });
                    if (r == 0 && options.Count == 0)
                    {
                        Assert.Equal(0, b);
                    }
                    else if (r < options.Count)
                    {
                        Assert.Equal(options[r].BenefitsFrom, repaired.Result!.WaitingPeriod!.BenefitsFrom);
                        Assert.True(r == 0 || options[r].BenefitsFrom < options[r - 1].BenefitsFrom, $"repair {r} brings nothing earlier");
                    }
                    else
                    {
                        Assert.Equal("repairYears", repaired.Error?.Field);
                    }
                }
            }
        }, iter: Iterations, threads: 1, print: s => s.ToString());

        TestContext.Current.TestOutputHelper?.WriteLine("mix of generated cases: " + string.Join(", ", mix.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
        Assert.True(mix.GetValueOrDefault("reason:waiting") > 0 && mix.GetValueOrDefault("reason:newborn") > 0 && mix.GetValueOrDefault("reason:exemptGroup") > 0
            && mix.GetValueOrDefault("reason:schemeSwitch") > 0 && mix.GetValueOrDefault("b>=4") > 0 && mix.GetValueOrDefault("cleared") > 0 && mix.GetValueOrDefault("ceilingBites") > 0,
            "the generator no longer covers every case: " + string.Join(", ", mix));
    }

    [Fact]
    public void Answer_DoesNotDependOnTheOrderOfHistory()
    {
        Scenarios.Sample(scenario =>
        {
            var (input, result) = Answer(scenario);
            var reversed = EnrollmentCalculator.Calculate(input with { History = input.History.Reverse().ToArray() });

            Assert.Equal(TestCalc.Response(result).ToString(), TestCalc.Response(reversed).ToString());
        }, iter: Iterations, threads: 1, print: s => s.ToString());
    }

    private static void Count(ConcurrentDictionary<string, int> mix, Scenario scenario, CalculationResult result)
    {
        void Add(string key) => mix.AddOrUpdate(key, 1, (_, n) => n + 1);
        Add("kind:" + scenario.Kind);
        if (result.WaitingPeriod is { } d)
        {
            Add("reason:" + Infrastructure.Calculation.CalcContract.ReasonName(d.Reason));
            Add(d.BreakYears >= 4 ? "b>=4" : $"b={d.BreakYears}");
            if (d.CarriedOverFrom is not null)
            {
                Add("carriedOver");
            }
        }

        if (result.Notes.Any(n => n.Contains("清零", StringComparison.Ordinal)))
        {
            Add("cleared");
        }

        if (result.Cap?.Lines.Any(l => l.Kind == Caps.CapLineKind.Ceiling) == true)
        {
            Add("ceilingBites");
        }
    }
}
