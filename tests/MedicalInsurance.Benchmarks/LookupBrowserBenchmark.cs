using System.Diagnostics;
using Microsoft.Playwright;
using Npgsql;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>lookup-browser BASE_URL USER PASSWORD CONNECTION [count]</c>: a clerk signed in in headless Chromium types an ID
/// number and presses Enter; the time until the cap statement is on screen, for <c>count</c> random residents of the
/// clerk's county. The browser is <c>MI_CHROMIUM</c> (Debian's chromium).
/// </summary>
internal static class LookupBrowserBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (baseUrl, user, password, connection) = (args[0].TrimEnd('/'), args[1], args[2], args[3]);
        var count = args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var ids = new List<string>();
        await using (var db = new NpgsqlConnection(connection))
        {
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("select id_number from persons where household_county = '130102' order by random() limit $1", db) { Parameters = { new() { Value = count } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                ids.Add(reader.GetString(0));
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MI_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(baseUrl + "/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        await page.GotoAsync(baseUrl + "/persons/lookup");
        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });

        var times = new List<double>();
        foreach (var id in ids)
        {
            await page.FillAsync("#id-number", id);
            var watch = Stopwatch.StartNew();
            await page.PressAsync("#id-number", "Enter");
            await page.WaitForFunctionAsync("id => { const e = document.querySelector('#person-id-number'); return e && e.innerText.endsWith(id.slice(-4)) && document.querySelector('#cap-statement'); }", id);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"look-up to statement in headless Chromium, {times.Count} residents: median {times[times.Count / 2]:N0} ms, max {times[^1]:N0} ms");
        return times[^1] < 1000 ? 0 : 1;
    }
}
