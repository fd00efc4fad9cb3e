using System.Diagnostics;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// Load a file and compute this year's answer, N callers in process against a seeded database:
/// <c>file-load CONNECTION [callers] [seconds]</c> by internal key (the calculation's path), or
/// <c>file-load-by-id CONNECTION [callers] [seconds]</c> by ID number (the clerk's look-up and the persons API), over
/// 100,000 ID numbers drawn from the file. Prints files/s and the latency median and 99th percentile.
/// </summary>
internal static class FileLoadBenchmark
{
    public static Task<int> RunAsync(string[] args) => RunAsync(args, byIdNumber: false);

    public static Task<int> RunByIdNumberAsync(string[] args) => RunAsync(args, byIdNumber: true);

    private static async Task<int> RunAsync(string[] args, bool byIdNumber)
    {
        var connectionString = args[0];
        var callers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8;
        var seconds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
        await using var services = BenchmarkServices.For(connectionString);
        var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
        var catalog = await services.GetRequiredService<PolicyCatalogProvider>().GetAsync();
        var today = ChinaCalendar.Today(TimeProvider.System);
        long maxId;
        string[] idNumbers = [];
        await using (var db = await factory.CreateDbContextAsync())
        {
            maxId = await db.Persons.MaxAsync(p => p.Id);
            if (byIdNumber)
            {
                idNumbers = await db.Persons.OrderBy(p => EF.Functions.Random()).Take(100_000).Select(p => p.IdNumber).ToArrayAsync();
            }
        }

        Func<Random, MedicalInsuranceDbContext, Task<PersonFile?>> load = byIdNumber
            ? (random, db) => PersonFiles.LoadByIdNumberAsync(db, idNumbers[random.Next(idNumbers.Length)])
            : (random, db) => PersonFiles.LoadAsync(db, random.NextInt64(1, maxId + 1));

        // Warm up the pool, the compiled query and the JIT before timing.
        await Run(factory, catalog, today, load, callers, TimeSpan.FromSeconds(3));
        var (latencies, errors) = await Run(factory, catalog, today, load, callers, TimeSpan.FromSeconds(seconds));
        latencies.Sort();
        double Percentile(double p) => latencies[(int)Math.Min(latencies.Count - 1, p * latencies.Count)];
        Console.WriteLine($"file load {(byIdNumber ? "by ID number" : "by key")} + compute, {maxId:N0} persons, {callers} callers, {seconds} s: {latencies.Count / (double)seconds:N0} files/s, " +
            $"median {Percentile(0.5):N2} ms, p99 {Percentile(0.99):N2} ms, max {latencies[^1]:N1} ms, {errors} refused by the engine");
        return 0;
    }

    private static async Task<(List<double> Latencies, int Errors)> Run(IDbContextFactory<MedicalInsuranceDbContext> factory, Domain.Provinces.PolicyCatalog catalog, DateOnly today,
        Func<Random, MedicalInsuranceDbContext, Task<PersonFile?>> load, int callers, TimeSpan duration)
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
                var file = await load(random, db);
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
