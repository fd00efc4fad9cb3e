using System.Diagnostics;
using MedicalInsurance.Infrastructure.Parameters;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>parameter-preview CONNECTION [runs]</c>: the impact preview of two edits against a seeded database, as the
/// parameters page asks for it (<see cref="ParameterAdministration.PreviewAsync"/>): 石家庄市's original cap from next
/// year (a pooling region: every file of its counties) and Hebei's fixed waiting period from next year (a province).
/// Nothing is written. Prints each run's time, the files reached and what changes.
/// </summary>
internal static class ParameterPreviewBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var connectionString = args[0];
        var runs = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        await using var services = BenchmarkServices.For(connectionString);
        var administration = services.GetRequiredService<ParameterAdministration>();
        var next = Domain.Time.ChinaCalendar.Today(TimeProvider.System).Year + 1;
        var edits = new (string Label, ParameterEdit Edit)[]
        {
            ("130100 originalCap", new(null, "hebei", "130100", "originalCap", next, null, "350000", "confirmed", "石家庄市大病保险文件")),
            ("230100 originalCap", new(null, "heilongjiang", "230100", "originalCap", next, null, "350000", "confirmed", "哈尔滨市大病保险文件")),
            ("hebei fixedWaitingMonths", new(null, "hebei", null, "fixedWaitingMonths", next, null, "4", "confirmed", "冀医保发〔2024〕7号 二")),
        };
        // The web app runs with the server garbage collector (Microsoft.NET.Sdk.Web turns it on); the documented command sets
        // DOTNET_gcServer=1 so that this process computes as the app does.
        Console.WriteLine($"garbage collector: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} processors");
        foreach (var (label, edit) in edits)
        {
            for (var run = 1; run <= runs; run++)
            {
                var watch = Stopwatch.StartNew();
                var preview = await administration.PreviewAsync(edit);
                watch.Stop();
                if (preview is not ParameterPreview.Shown { Impact: var impact })
                {
                    Console.WriteLine($"{label}: refused: {((ParameterPreview.Refused)preview).Message}");
                    return 1;
                }

                Console.WriteLine($"{label}, run {run}: {watch.Elapsed.TotalSeconds:N2} s, {impact.Files:N0} files reached ({impact.Files / watch.Elapsed.TotalSeconds:N0} files/s), " +
                    $"cap changed in {impact.CapChanged:N0} ({impact.CapChange:N0} yuan), waiting period in {impact.WaitingChanged:N0}, {impact.Regions.Count} region-year rows");
            }
        }

        return 0;
    }
}
