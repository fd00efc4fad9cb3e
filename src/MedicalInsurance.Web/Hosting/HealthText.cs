using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// /healthz in plain text: the overall status on the first line (alone when healthy, as probes compare it), then a line
/// for each check that is not healthy, saying what is wrong ("replica: Degraded — 只读备库不可用…").
/// </summary>
internal static class HealthText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder(report.Status.ToString());
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            text.Append('\n').Append(name).Append(": ").Append(entry.Status).Append(entry.Description is { Length: > 0 } d ? " — " + d : "");
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
