using System.Diagnostics;
using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>dashboard-browser BASE_URL USER PASSWORD [rounds]</c>: a province supervisor in headless Chromium opens the province
/// dashboard and a county dashboard by URL, and drills from a city to a county by clicking; the time from navigation
/// until the figures are on screen (and until the page is interactive). Rounds alternate, first round reported apart.
/// <c>dashboard-refresh CONNECTION [payments]</c>: payments for next year added set-based for that many unpaid residents
/// (what an import's merge writes), then the timed part: their files recomputed and the figures of their counties rebuilt.
/// The payments are removed again (and refreshed, untimed) so the database can be reused.
/// </summary>
internal static class DashboardBenchmarks
{
    public static async Task<int> BrowserAsync(string[] args)
    {
        var (baseUrl, user, password) = (args[0].TrimEnd('/'), args[1], args[2]);
        var rounds = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MI_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(baseUrl + "/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        var shown = new Dictionary<string, List<double>>();
        var interactive = new Dictionary<string, List<double>>();
        void Add(Dictionary<string, List<double>> into, string key, double ms) => (into.TryGetValue(key, out var list) ? list : into[key] = []).Add(ms);
        for (var round = 0; round <= rounds; round++)
        {
            foreach (var (name, code) in new[] { ("province 130000", "130000"), ("county 130102", "130102") })
            {
                var watch = Stopwatch.StartNew();
                await page.GotoAsync($"{baseUrl}/dashboard?code={code}", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
                await page.WaitForSelectorAsync($"#dashboard[data-code='{code}'] ~ .mud-grid #card-persons");
                var toShown = watch.Elapsed.TotalMilliseconds;
                await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
                Add(round == 0 ? shown : shown, round == 0 ? name + " (first)" : name, toShown);
                Add(interactive, round == 0 ? name + " (first)" : name, watch.Elapsed.TotalMilliseconds);
            }

            // In the app: from the city's dashboard, click the county in the drill-down table.
            await page.GotoAsync($"{baseUrl}/dashboard?code=130100");
            await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
            var click = Stopwatch.StartNew();
            await page.ClickAsync("#table-regions a.drill-down:has-text('长安区')");
            await page.WaitForSelectorAsync("#dashboard[data-code='130102']");
            Add(shown, round == 0 ? "drill city→county (first)" : "drill city→county", click.Elapsed.TotalMilliseconds);
        }

        var ok = true;
        foreach (var (name, times) in shown.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            times.Sort();
            var limit = name.StartsWith("province", StringComparison.Ordinal) ? 1000 : 500;
            var line = $"{name,-28} shown: median {times[times.Count / 2],6:N0} ms, max {times[^1],6:N0} ms";
            if (interactive.TryGetValue(name, out var i))
            {
                i.Sort();
                line += $"; interactive: median {i[i.Count / 2],6:N0} ms, max {i[^1],6:N0} ms";
            }

            Console.WriteLine(line + $" (target {limit} ms)");
            ok &= name.Contains("(first)", StringComparison.Ordinal) || times[times.Count / 2] < limit;
        }

        return ok ? 0 : 1;
    }

    public static async Task<int> RefreshAsync(string[] args)
    {
        var connectionString = args[0];
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var clock = TimeProvider.System;
        var today = MedicalInsurance.Domain.Time.ChinaCalendar.Today(clock);
        await using var services = BenchmarkServices.For(connectionString);
        var catalog = await services.GetRequiredService<PolicyCatalogProvider>().GetAsync();
        var marker = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        long[] ids;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var insert = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand("""
                with chosen as (
                    select r.person_id from computed_results r
                    join computed_results prev on prev.person_id = r.person_id and prev.year = r.year - 1 and prev.resident_insured
                    where r.year = $1 and not r.resident_insured limit $2)
                insert into coverages (person_id, year, scheme, paid_on, amount, "group", pooling_region, origin, created_at)
                select c.person_id, $1, 'Resident', $3, 400, 'Ordinary', null, 'Import', $4 from chosen c
                returning person_id
                """, connection)
            {
                Parameters = { new() { Value = today.Year + 1 }, new() { Value = count }, new() { Value = today }, new() { Value = marker } },
            };
            var list = new List<long>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    list.Add(reader.GetInt64(0));
                }
            }

            ids = [.. list];
            Console.WriteLine($"{ids.Length:N0} payments for {today.Year + 1} written set-based in {insert.Elapsed.TotalSeconds:N1} s (the merge an import does; not timed below)");
        }

        (RefreshCounts files, Infrastructure.Dashboards.RefreshOutcome figures) = await ResultRefresh.RefreshWithFiguresAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), ids, today, catalog, DateTimeOffset.UtcNow);
        Console.WriteLine($"refresh after {ids.Length:N0} payments: {files.Persons:N0} files recomputed ({files.Results:N0} results) in {files.Elapsed.TotalSeconds:N1} s = {files.Persons / files.Elapsed.TotalSeconds:N0} files/s; " +
                          $"figures of {figures.Counties} counties rebuilt in {figures.Elapsed.TotalSeconds:N1} s; total {(files.Elapsed + figures.Elapsed).TotalSeconds:N1} s (target 30 s)");

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var delete = new NpgsqlCommand("delete from coverages where created_at = $1", connection) { Parameters = { new() { Value = marker } } };
            await delete.ExecuteNonQueryAsync();
        }

        await ResultRefresh.RefreshWithFiguresAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), ids, today, catalog, DateTimeOffset.UtcNow);
        return (files.Elapsed + figures.Elapsed).TotalSeconds < 30 ? 0 : 1;
    }

}
