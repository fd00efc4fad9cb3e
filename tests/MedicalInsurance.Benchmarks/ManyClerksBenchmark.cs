using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>lookup-clerks BASE_URL USERS_FILE CONNECTION SESSIONS [SECONDS] [PAUSE_MS] [SERVER_PID]</c>: SESSIONS clerks at
/// once, each in a browser context of their own (own sign-in, own circuit) in one headless Chromium, signed in as the
/// users of USERS_FILE in turn (lines "name password", as <c>medins users add</c> prints them; clerks of 长安区 130102).
/// Each looks up random residents by ID number for SECONDS, pausing about PAUSE_MS (±50 %) between look-ups, as a clerk
/// reads the statement. Prints how many sessions got a circuit and how many the server turned away with its busy page,
/// the look-ups' p50/p95/p99, and — given the server's process id — its resident memory before the sessions opened,
/// once they are open and after the look-ups, per circuit.
/// </summary>
internal static class ManyClerksBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (baseUrl, usersFile, connection) = (args[0].TrimEnd('/'), args[1], args[2]);
        var sessions = Parse(args, 3, 50);
        var seconds = Parse(args, 4, 60);
        var pause = Parse(args, 5, 1000);
        var server = ServerProcess.From(args, 6);
        var users = File.ReadAllLines(usersFile).Select(l => l.Split(' ', 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2).ToArray();
        if (users.Length == 0)
        {
            Console.Error.WriteLine($"no users in {usersFile}: lines \"name password\"");
            return 2;
        }

        var ids = await LookupBrowserBenchmark.DrawAsync(connection, "130102", 20_000);
        using var http = new HttpClient();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LookupBrowserBenchmark.LaunchAsync(playwright, rendererProcesses: 4);

        // Warm: one look-up by one session, closed again, so the figures below are the sessions' own.
        var (probe, _) = await ClerkSession.OpenAsync(browser, baseUrl, users[0][0], users[0][1]);
        if (probe is not null)
        {
            await probe.LookUpAsync(ids[0]);
            await probe.DisposeAsync();
        }

        await Task.Delay(2000);
        var rssBefore = server?.ResidentBytes();
        Console.WriteLine($"{sessions} sessions, {users.Length} users, look-ups for {seconds} s with pauses of about {pause} ms; load {LoadAverage()}");

        // Open the sessions, a few at a time (sign-in hashes a password: the server's slowest request by far).
        var open = new ConcurrentBag<ClerkSession>();
        var refusals = new ConcurrentBag<string>();
        var failures = new ConcurrentBag<string>();
        var opening = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(4))
        {
            await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var (user, password) = (users[i % users.Length][0], users[i % users.Length][1]);
                    var (session, refusal) = await ClerkSession.OpenAsync(browser, baseUrl, user, password);
                    if (session is not null)
                    {
                        open.Add(session);
                    }
                    else
                    {
                        refusals.Add(refusal ?? "");
                    }
                }
                catch (PlaywrightException ex)
                {
                    failures.Add(ex.Message.Split('\n')[0]);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var rssOpen = server?.ResidentBytes();
        Console.WriteLine($"opened {open.Count} sessions in {opening.Elapsed.TotalSeconds:N0} s; turned away with the busy page: {refusals.Count}; failed to open: {failures.Count}");
        if (refusals.FirstOrDefault() is { } said)
        {
            Console.WriteLine($"  the busy page says: {said.ReplaceLineEndings(" ").Trim()}");
        }

        foreach (var failure in failures.Distinct().Take(3))
        {
            Console.WriteLine($"  failure: {failure}");
        }

        // Every open session looks up until the time is up, starting at a random moment within the first pause.
        var timings = new ConcurrentBag<LookupTiming>();
        var errors = new ConcurrentBag<string>();
        var cpuBefore = server?.CpuMilliseconds();
        var running = Stopwatch.StartNew();
        await Task.WhenAll(open.Select((session, s) => Task.Run(async () =>
        {
            var random = new Random(s);
            await Task.Delay(random.Next(pause + 1));
            while (running.Elapsed.TotalSeconds < seconds)
            {
                try
                {
                    timings.Add(await session.LookUpAsync(ids[random.Next(ids.Count)]));
                }
                catch (Exception ex) when (ex is PlaywrightException or InvalidOperationException or TimeoutException)
                {
                    errors.Add(ex.Message.Split('\n')[0]);
                }

                await Task.Delay(pause / 2 + random.Next(pause + 1));
            }
        })));
        var elapsed = running.Elapsed.TotalSeconds;
        var rssAfter = server?.ResidentBytes();
        var cpu = server?.CpuMilliseconds() - cpuBefore;

        var total = timings.Select(t => t.Total).Order().ToList();
        var serverPart = timings.Select(t => t.Server).Order().ToList();
        Console.WriteLine($"{timings.Count:N0} look-ups in {elapsed:N0} s ({timings.Count / elapsed:N1}/s), {errors.Count} failed; load {LoadAverage()}");
        if (total.Count > 0)
        {
            Console.WriteLine($"  Enter to statement: p50 {Percentiles.Ms(Percentiles.Of(total, 0.5))}, p95 {Percentiles.Ms(Percentiles.Of(total, 0.95))}, " +
                $"p99 {Percentiles.Ms(Percentiles.Of(total, 0.99))}, max {Percentiles.Ms(total[^1])}");
            Console.WriteLine($"  of which the server: p50 {Percentiles.Ms(Percentiles.Of(serverPart, 0.5))}, p95 {Percentiles.Ms(Percentiles.Of(serverPart, 0.95))}");
        }

        foreach (var error in errors.GroupBy(e => e).OrderByDescending(g => g.Count()).Take(3))
        {
            Console.WriteLine($"  {error.Count()} × {error.Key}");
        }

        if (cpu is { } used && timings.Count > 0)
        {
            Console.WriteLine($"server CPU: {used / 1000 / elapsed:N2} cores busy on average, {Percentiles.Ms(used / timings.Count)} per look-up (everything the process did, divided)");
        }

        if (rssBefore is { } before && rssOpen is { } opened && rssAfter is { } after && open.Count > 0)
        {
            Console.WriteLine($"server resident memory: {ServerProcess.Mib(before)} before, {ServerProcess.Mib(opened)} with {open.Count} circuits open ({ServerProcess.Kib((opened - before) / (double)open.Count)} each), " +
                $"{ServerProcess.Mib(after)} after their look-ups ({ServerProcess.Kib((after - before) / (double)open.Count)} each)");
        }

        foreach (var session in open)
        {
            await session.DisposeAsync();
        }

        try
        {
            using var health = await http.GetAsync(new Uri(baseUrl + "/healthz"));
            Console.WriteLine($"/healthz after: {(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}");
        }
        catch (HttpRequestException ex)
        {
            Console.WriteLine($"/healthz after: no answer ({ex.Message})");
            return 1;
        }

        return errors.IsEmpty ? 0 : 1;
    }

    private static int Parse(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
