using System.Globalization;
using MedicalInsurance.Web.Components.Pages.Account;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedicalInsurance.Web.Circuits;

/// <summary>
/// Admits a request for an interactive page only while the process has a circuit to spare (<see cref="CircuitLimit"/>);
/// otherwise answers 503 with the busy page, which says so in the user's language and retries by itself after 10–20 s
/// (spread, so that a crowd turned away does not come back at once). Static pages (sign-in), files, the API and the
/// circuit's own connection pass; a circuit that is already open is never affected.
/// </summary>
internal sealed class CircuitAdmission(RequestDelegate next, CircuitLimit limit, TimeProvider time, ILogger<CircuitAdmission> log)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private long _lastLogged;

    public async Task InvokeAsync(HttpContext context)
    {
        if (!OpensCircuit(context) || limit.TryAdmit())
        {
            await next(context);
            return;
        }

        // Once a minute at most: at three times the load this would be most of the log.
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref _lastLogged);
        if (now.UtcTicks - last >= LogEvery.Ticks && Interlocked.CompareExchange(ref _lastLogged, now.UtcTicks, last) == last)
        {
            log.LogWarning("Circuit limit reached ({Open} open, Circuits:MaxCircuits {Max}): pages answer 503 with the busy page", limit.Open, limit.Max);
        }

        var retry = Random.Shared.Next(10, 21);
        context.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        var page = new RazorComponentResult<BusyPage>(new Dictionary<string, object?>
        {
            [nameof(BusyPage.RetrySeconds)] = retry,
            [nameof(BusyPage.Retry)] = context.Request.PathBase + context.Request.Path + context.Request.QueryString,
        })
        {
            StatusCode = StatusCodes.Status503ServiceUnavailable,
        };
        await page.ExecuteAsync(context);
    }

    /// <summary>A page that is rendered interactively: the browser opens a circuit once it has it.</summary>
    private static bool OpensCircuit(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && context.AcceptsInteractiveRouting();
}
