using System.Diagnostics;
using MedicalInsurance.Domain.Calculation;

namespace MedicalInsurance.Benchmarks;

/// <summary>Persons per second on one thread, and bytes allocated per person, over a few seconds.</summary>
internal static class Throughput
{
    public static int Run()
    {
        var setup = new EngineBenchmarks();
        setup.Setup();
        var inputs = new[] { Field(setup, "_continuous"), Field(setup, "_returning") };
        foreach (var input in inputs)
        {
            var outcome = EnrollmentCalculator.Calculate(input);
            if (outcome.Error is { } error)
            {
                Console.WriteLine($"benchmark input refused: {error}");
                return 1;
            }

            Console.WriteLine($"cap {outcome.Result!.Cap?.Effective}, {outcome.Result.Cap?.Lines.Count} lines; wait {outcome.Result.WaitingPeriod?.Reason} {outcome.Result.WaitingPeriod?.TotalMonths} months, {outcome.Result.WaitingPeriod?.RepairOptions.Count} repair options");
            for (var i = 0; i < 200_000; i++)
            {
                EnrollmentCalculator.Calculate(input);
            }

            const int n = 3_000_000;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                EnrollmentCalculator.Calculate(input);
            }

            watch.Stop();
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)n;
            Console.WriteLine($"{input.History.Count} records, T={input.CoverageYear}: {n / watch.Elapsed.TotalSeconds:N0} persons/s, {bytes:N0} bytes allocated per person (the result)");
        }

        return 0;
    }

    private static CalculationInput Field(EngineBenchmarks b, string name) =>
        (CalculationInput)typeof(EngineBenchmarks).GetField(name, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(b)!;
}
