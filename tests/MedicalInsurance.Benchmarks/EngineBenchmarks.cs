using BenchmarkDotNet.Attributes;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Benchmarks;

/// <summary>Cap + waiting period for one person with ten years of history, on one core.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private CalculationInput _continuous = null!;
    private CalculationInput _returning = null!;

    [GlobalSetup]
    public void Setup()
    {
        PolicyCatalog.Shipped.TryResolve("hebei", null, out var hebei);
        var continuous = new List<CoverageRecord>();
        for (var y = 2025; y <= 2034; y++)
        {
            continuous.Add(new CoverageRecord { Year = y, PaidOn = new DateOnly(y - 1, 11, 1), FundReimbursed = y % 3 == 0 ? 1_500m : 0m });
        }

        _continuous = new CalculationInput { Policy = hebei, CoverageYear = 2034, OriginalCap = 300_000m, AsOf = new DateOnly(2034, 12, 31), History = continuous.ToArray() };

        // Ten records: pre-mechanism years, an employee year, catastrophic claims that clear the reward, a three-year
        // break, and a late payment for T with one year repaired.
        var returning = new List<CoverageRecord>
        {
            new() { Year = 2022, PaidOn = new DateOnly(2021, 11, 1), FundReimbursed = 0m },
            new() { Year = 2023, PaidOn = new DateOnly(2022, 11, 1), FundReimbursed = 0m },
            new() { Year = 2024, PaidOn = new DateOnly(2023, 11, 1), FundReimbursed = 0m },
            new() { Year = 2025, PaidOn = new DateOnly(2024, 11, 1), FundReimbursed = 0m },
            new() { Year = 2026, PaidOn = new DateOnly(2025, 11, 1), FundReimbursed = 0m },
            new() { Year = 2027, Scheme = Scheme.Employee },
            new() { Year = 2028, PaidOn = new DateOnly(2027, 11, 1), FundReimbursed = 320_000m, CatastrophicPaid = 305_000m },
            new() { Year = 2029, PaidOn = new DateOnly(2028, 11, 1), FundReimbursed = 0m },
            new() { Year = 2030, PaidOn = new DateOnly(2029, 11, 1), FundReimbursed = 0m },
            new() { Year = 2034, PaidOn = new DateOnly(2034, 3, 10) },
        };
        _returning = new CalculationInput { Policy = hebei, CoverageYear = 2034, OriginalCap = 300_000m, AsOf = new DateOnly(2034, 12, 31), RepairYears = 1, History = returning.ToArray() };
    }

    [Benchmark(Baseline = true)]
    public CalculationOutcome ContinuousTenYears() => EnrollmentCalculator.Calculate(_continuous);

    [Benchmark]
    public CalculationOutcome ReturningAfterBreaks() => EnrollmentCalculator.Calculate(_returning);
}
