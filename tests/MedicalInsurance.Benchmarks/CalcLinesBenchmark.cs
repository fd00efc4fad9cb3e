using System.Diagnostics;
using System.Text;

namespace MedicalInsurance.Benchmarks;

/// <summary>Runs the built <c>medins.dll calc --lines</c> over N generated requests (10 years of history each) and prints lines/s.</summary>
internal static class CalcLinesBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var dll = Path.Combine(AppContext.BaseDirectory, "medins.dll");
        var file = Path.Combine(Path.GetTempPath(), $"medins-calc-{count}.jsonl");
        await File.WriteAllTextAsync(file, Generate(count));

        var answers = Path.ChangeExtension(file, ".out");

        // The shell connects the files, so nothing but the command line itself runs while it is timed.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"dotnet \"{dll}\" calc --lines < \"{file}\" > \"{answers}\""]) { UseShellExecute = false };
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        watch.Stop();

        long lines = 0, errors = 0;
        foreach (var line in File.ReadLines(answers))
        {
            lines++;
            if (line.StartsWith("{\"error\"", StringComparison.Ordinal))
            {
                errors++;
            }
        }

        Console.WriteLine($"calc --lines: {lines:N0} lines ({errors} errors, {new FileInfo(answers).Length / 1048576.0:N0} MiB out) in {watch.Elapsed.TotalSeconds:N2} s " +
            $"= {lines / watch.Elapsed.TotalSeconds:N0} lines/s including process start, exit {process.ExitCode}");
        File.Delete(file);
        File.Delete(answers);
        return lines == count && errors == 0 && process.ExitCode == 0 ? 0 : 1;
    }

    private static string Generate(int count)
    {
        var provinces = new[] { "national", "hebei", "heilongjiang", "guizhou" };
        var text = new StringBuilder(count * 700);
        for (var i = 0; i < count; i++)
        {
            text.Append("{\"province\":\"").Append(provinces[i % 4]).Append("\",\"coverageYear\":2034,\"originalCap\":300000,\"asOf\":\"2034-12-31\",\"history\":[");
            for (var y = 2025; y <= 2034; y++)
            {
                if ((i + y) % 7 == 0)
                {
                    continue;
                }

                text.Append(y == 2025 ? "" : ",").Append("{\"year\":").Append(y).Append(",\"scheme\":\"resident\",\"paidOn\":\"").Append(y - 1).Append("-11-01\",\"fundReimbursed\":")
                    .Append((i + y) % 3 == 0 ? 1500 : 0).Append('}');
            }

            text.Append("]}\n");
        }

        return text.Replace("[,", "[").ToString();
    }
}
