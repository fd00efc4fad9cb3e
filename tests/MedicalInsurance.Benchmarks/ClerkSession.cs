using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// One clerk in a browser context of their own (own cookies, own circuit), signed in and on the look-up page. Each
/// look-up is timed in the page itself, from the Enter key to the statement being in the document, and split at the
/// circuit's WebSocket: before the event leaves the browser, on the server until its last message arrives, and after.
/// </summary>
internal sealed class ClerkSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string BusyText = "系统繁忙";

    // Installed before any page script: stamps every WebSocket message sent and received, and the Enter key.
    private const string InitScript = """
        (() => {
          const log = [];
          window.__miWs = log;
          const Native = window.WebSocket;
          function Stamped(...args) {
            const ws = new Native(...args);
            ws.addEventListener('message', () => log.push(['r', performance.now()]));
            const send = ws.send.bind(ws);
            ws.send = d => { log.push(['s', performance.now()]); return send(d); };
            return ws;
          }
          Stamped.prototype = Native.prototype;
          Object.assign(Stamped, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
          window.WebSocket = Stamped;
          document.addEventListener('keydown', e => { if (e.key === 'Enter') window.__miKey = performance.now(); }, true);
        })();
        """;

    // Resolves with the time the statement of the person whose number ends so is in the document.
    private const string ArmScript = """
        tail => {
          window.__miDone = new Promise(resolve => {
            const ready = () => { const e = document.querySelector('#person-id-number'); return e && e.innerText.endsWith(tail) && document.querySelector('#cap-statement'); };
            const observer = new MutationObserver(() => {
              if (ready()) { observer.disconnect(); resolve(performance.now()); }
              else if (document.querySelector('#lookup-message')) { observer.disconnect(); resolve(-1); }
            });
            observer.observe(document.body, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); resolve(-2); }, 30000);
          });
        }
        """;

    private const string ReadScript = """
        async () => {
          const done = await window.__miDone;
          const key = window.__miKey;
          const log = window.__miWs;
          const sent = log.find(([k, t]) => k === 's' && t >= key);
          const received = log.filter(([k, t]) => k === 'r' && t <= done).pop();
          log.length = 0;
          return done < 0 ? [0, 0, 0, done] : [key, sent ? sent[1] : key, received ? received[1] : done, done];
        }
        """;

    public IPage Page => page;

    public static BrowserNewContextOptions ContextOptions => new() { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1280, Height = 800 } };

    /// <summary>
    /// Signs in and opens the look-up page; null with the page's text when the server answered its busy page instead.
    /// </summary>
    public static async Task<(ClerkSession? Session, string? Refusal)> OpenAsync(IBrowser browser, string baseUrl, string user, string password)
    {
        var context = await browser.NewContextAsync(ContextOptions);
        await context.AddInitScriptAsync(InitScript);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(baseUrl + "/account/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await page.ClickAsync("#login-submit");
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        var response = await page.GotoAsync(baseUrl + "/persons/lookup");
        if (response is { Status: 503 })
        {
            var text = await page.InnerTextAsync("body");
            await context.DisposeAsync();
            return (null, text);
        }

        await page.WaitForSelectorAsync("#circuit-ready", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached });
        return (new ClerkSession(context, page), null);
    }

    /// <summary>Types the number, presses Enter and waits for that person's statement.</summary>
    public async Task<LookupTiming> LookUpAsync(string idNumber)
    {
        await page.FillAsync("#id-number", idNumber);
        await page.EvaluateAsync(ArmScript, idNumber[^4..]);
        var watch = Stopwatch.StartNew();
        await page.PressAsync("#id-number", "Enter");
        var marks = await page.EvaluateAsync<double[]>(ReadScript);
        var outside = watch.Elapsed.TotalMilliseconds;
        if (marks[3] < 0)
        {
            var message = marks[3] == -1 ? await page.InnerTextAsync("#lookup-message") : "no statement within 30 s";
            throw new InvalidOperationException($"look-up of …{idNumber[^4..]} failed: {message}");
        }

        return new LookupTiming(marks[3] - marks[0], marks[1] - marks[0], marks[2] - marks[1], marks[3] - marks[2], outside);
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

/// <summary>
/// One look-up in milliseconds: <see cref="Total"/> from Enter to the statement in the document (in the page's clock);
/// <see cref="ToServer"/> until the event was sent on the circuit, <see cref="Server"/> until the last message before the
/// statement arrived (the server's work, the database included, and the loopback network), <see cref="Render"/> the
/// browser applying it; <see cref="Driver"/> as the benchmark's own stopwatch saw it (with Playwright's round trips).
/// </summary>
internal readonly record struct LookupTiming(double Total, double ToServer, double Server, double Render, double Driver);

internal static class Percentiles
{
    /// <summary>Nearest rank of an ascending list: the smallest value with at least p of the values at or below it.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Ms(double value) => value.ToString(value < 10 ? "N2" : "N0", CultureInfo.InvariantCulture) + " ms";
}
