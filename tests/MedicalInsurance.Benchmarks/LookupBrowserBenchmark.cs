using System.Diagnostics;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>lookup-browser BASE_URL USER PASSWORD CONNECTION [count] [SERVER_PID]</c>: a clerk signed in in headless Chromium types an ID
/// number and presses Enter; the time until the cap statement is on screen, for <c>count</c> random residents of the
/// clerk's county, the first look-up apart (on a server that has just started it pays for whatever was not warmed up).
/// Each look-up is split at the circuit (<see cref="ClerkSession"/>); the same files are then loaded straight from the
/// database, to show how much of the server's part is PostgreSQL; given the server's process id, the CPU time it used per
/// look-up after the first. The browser is <c>MI_CHROMIUM</c> (Debian's chromium).
/// </summary>
internal static class LookupBrowserBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (baseUrl, user, password, connection) = (args[0].TrimEnd('/'), args[1], args[2], args[3]);
        var count = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var server = ServerProcess.From(args, 5);
        var ids = await DrawAsync(connection, "130102", count);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var (session, refusal) = await ClerkSession.OpenAsync(browser, baseUrl, user, password);
        if (session is null)
        {
            Console.WriteLine($"refused: {refusal}");
            return 1;
        }

        var timings = new List<LookupTiming>();
        double? cpuAfterFirst = null;
        await using (session)
        {
            foreach (var id in ids)
            {
                timings.Add(await session.LookUpAsync(id));
                cpuAfterFirst ??= server?.CpuMilliseconds();
            }
        }

        var cpuPerLookup = (server?.CpuMilliseconds() - cpuAfterFirst) / Math.Max(1, timings.Count - 1);

        var database = await TimeDatabaseAsync(connection, ids);
        var first = timings[0];
        var total = timings.Select(t => t.Total).Order().ToList();
        static string Median(IEnumerable<double> values) => Percentiles.Ms(Percentiles.Of(values.Order().ToList(), 0.5));
        Console.WriteLine($"look-up to statement in headless Chromium, {timings.Count} residents: first {Percentiles.Ms(first.Total)}, " +
            $"median {Percentiles.Ms(Percentiles.Of(total, 0.5))}, p95 {Percentiles.Ms(Percentiles.Of(total, 0.95))}, max {Percentiles.Ms(total[^1])}");
        Console.WriteLine($"  first look-up: to the circuit {Percentiles.Ms(first.ToServer)}, server {Percentiles.Ms(first.Server)}, browser applying it {Percentiles.Ms(first.Render)}");
        Console.WriteLine($"  medians: to the circuit {Median(timings.Select(t => t.ToServer))}, server {Median(timings.Select(t => t.Server))}, " +
            $"browser applying it {Median(timings.Select(t => t.Render))}; as the driver saw it {Median(timings.Select(t => t.Driver))}");
        Console.WriteLine($"  the look-up's statements straight from the database (same files, one batch, second pass): median {Median(database)}, max {Percentiles.Ms(database.Max())}");
        if (cpuPerLookup is { } cpu)
        {
            Console.WriteLine($"  server CPU per look-up after the first: {Percentiles.Ms(cpu)} (everything the process did meanwhile, divided)");
        }
        return total[^1] < 1000 ? 0 : 1;
    }

    /// <summary>
    /// Headless Chromium; with <paramref name="rendererProcesses"/>, browser contexts share at most that many renderer
    /// processes (a renderer per context would not fit 150 clerks into this machine's memory and two cores).
    /// </summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, int? rendererProcesses = null) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MI_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                .. rendererProcesses is { } limit ? [$"--renderer-process-limit={limit}"] : Array.Empty<string>()],
        });

    /// <summary>Random residents of a county.</summary>
    public static async Task<List<string>> DrawAsync(string connection, string county, int count)
    {
        var ids = new List<string>();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("select id_number from persons where household_county = $1 order by random() limit $2", db)
        {
            Parameters = { new() { Value = county, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Char }, new() { Value = count } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The look-up's batch (person, coverages, claims, repairs by ID number) for each file, timed on the second pass.</summary>
    private static async Task<List<double>> TimeDatabaseAsync(string connection, List<string> ids)
    {
        await using var services = BenchmarkServices.For(connection);
        var factory = services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>();
        var times = new List<double>();
        for (var pass = 0; pass < 2; pass++)
        {
            times.Clear();
            foreach (var id in ids)
            {
                var started = Stopwatch.GetTimestamp();
                await using var db = await factory.CreateDbContextAsync();
                _ = await PersonFiles.LoadByIdNumberAsync(db, id, withRepairs: true);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return times;
    }
}
