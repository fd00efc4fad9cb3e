using System.Diagnostics;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// Load a file and compute this year's answer, N callers in process against a seeded database:
/// <c>file-load CONNECTION [callers] [seconds]</c>. Prints files/s and the latency median and 99th percentile.
/// </summary>
internal static class FileLoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[0];
        var callers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
        await using var services = new ServiceCollection().AddMedicalInsuranceInfrastructure(connectionString).BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
        var catalog = await services.GetRequiredService<PolicyCatalogProvider>().GetAsync();
        var today = ChinaCalendar.Today(TimeProvider.System);
        long maxId;
        await using (var db = await factory.CreateDbContextAsync())
        {
            maxId = await db.Persons.MaxAsync(p => p.Id);
        }

        // Warm up the pool, the compiled query and the JIT before timing.
        await Run(factory, catalog, today, maxId, callers, TimeSpan.FromSeconds(3));
        var (latencies, errors) = await Run(factory, catalog, today, maxId, callers, TimeSpan.FromSeconds(seconds));
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)];
        Console.WriteLine($"file load + compute, {maxId:N0} persons, {callers} callers, {seconds} s: {latencies.Count / (double)seconds:N0} files/s, " +
            $"median {Percentile(0.5):N2} ms, p99 {Percentile(0.99):N2} ms, max {latencies[^1]:N1} ms, {errors} refused by the engine");
        return 0;
    }

    private static async Task<(List<double> Latencies, int Errors)> Run(IDbContextFactory<MedicalInsuranceDbContext> factory, Domain.Provinces.PolicyCatalog catalog, DateOnly today, long maxId, int callers, TimeSpan duration)
    {
        var all = new List<double>[callers];
        var errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var latencies = all[c] = new List<double>(200_000);
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await using var db = await factory.CreateDbContextAsync();
                var file = await PersonFiles.LoadAsync(db, random.NextInt64(1, maxId + 1));
                if (file is not null && FileCalculator.Calculate(file, today.Year, today, catalog, RegionDirectory.Shipped).Error is not null)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return (all.SelectMany(l => l).ToList(), errors);
    }
}
