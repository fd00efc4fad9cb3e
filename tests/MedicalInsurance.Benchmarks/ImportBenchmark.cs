using System.Diagnostics;
using System.Text;
using MedicalInsurance.Domain.Persons;
using Npgsql;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>import-payments CONNECTION MEDINS_DLL [rows]</c>: writes a CSV of payment rows (new persons, two years each), times a
/// plain COPY of it into a flat table with a unique (ID, year, scheme) index, then runs <c>medins import payments</c> on it
/// twice — new persons (each row's file is created), then the same persons' two earlier years (their files exist). After
/// each import it times a binary COPY of the rows that import made into like-for-like tables (<see cref="ResultingRowsCopy"/>)
/// and prints the import's rate as a fraction of that COPY's (issue 16's target: 0.6×), each statement's time, the
/// importer's peak memory (sampled from /proc), and the load average at the start and the end.
/// Use an empty migrated database.
/// </summary>
internal static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (connectionString, medins) = (args[0], args[1]);
        var rows = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
        var directory = Directory.CreateTempSubdirectory("medins-import-bench").FullName;
        var newPersons = Path.Combine(directory, "payments-new.csv");
        var existing = Path.Combine(directory, "payments-existing.csv");
        Write(newPersons, rows, 2026);
        Write(existing, rows, 2024);
        Console.WriteLine($"{rows:N0} rows, {new FileInfo(newPersons).Length / 1_048_576.0:N0} MiB per file");

        var copy = new List<double>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            for (var run = 0; run < 2; run++)
            {
                await using (var create = new NpgsqlCommand("drop table if exists bench_flat; create table bench_flat (id_number char(18), name varchar(50), year int, paid_on date, amount numeric(12,2), scheme varchar(16), grp varchar(16), region char(6)); create unique index on bench_flat (id_number, year, scheme)", connection))
                {
                    await create.ExecuteNonQueryAsync();
                }

                var watch = Stopwatch.StartNew();
                await using (var writer = await connection.BeginTextImportAsync("copy bench_flat from stdin (format csv, header true)"))
                using (var reader = new StreamReader(newPersons, Encoding.UTF8))
                {
                    var buffer = new char[1 << 16];
                    int read;
                    while ((read = await reader.ReadAsync(buffer)) > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read));
                    }
                }

                copy.Add(rows / watch.Elapsed.TotalSeconds);
            }

            await using var drop = new NpgsqlCommand("drop table bench_flat", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var baseline = copy.Max();
        Console.WriteLine($"plain COPY into a flat table with a unique (ID, year, scheme) index: {string.Join(" / ", copy.Select(r => r.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} rows/s; half of the best: {baseline / 2:N0} rows/s");
        // The baseline of issue 16: each import beside a binary COPY of the rows it made, into like-for-like tables with the
        // same keys, indexes and foreign keys, in this run. A checkpoint before each timed step, so none pays for another's.
        // No command timeout: a COPY of 2,000,000 rows on a busy machine takes longer than the default 30 s.
        await using var database = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        await database.OpenAsync();
        await ResultingRowsCopy.CreateTablesAsync(database);
        var ok = true;
        foreach (var (label, file, createsPersons) in new[] { ("new persons (files created)", newPersons, true), ("existing persons", existing, false) })
        {
            var (personsBefore, coveragesBefore) = (await ResultingRowsCopy.MaxIdAsync(database, "persons"), await ResultingRowsCopy.MaxIdAsync(database, "coverages"));
            await ResultingRowsCopy.CheckpointAsync(database);
            var loadBefore = ResultingRowsCopy.LoadAverage();
            var (output, error, peak, elapsed) = await RunImportAsync(medins, connectionString, "payments", file);
            var merged = output.Split('\n').FirstOrDefault(l => l.StartsWith("read, checked and merged", StringComparison.Ordinal)) ?? output;
            var importSeconds = Number(merged[(merged.IndexOf(" in ", StringComparison.Ordinal) + 4)..merged.IndexOf(" s (", StringComparison.Ordinal)]);
            Console.WriteLine($"import, {label}: {merged.Trim()}; {rows / importSeconds / baseline:P0} of the flat COPY; peak memory {peak / 1_048_576.0:N0} MiB; whole command {elapsed.TotalSeconds:N1} s");
            Console.WriteLine(output.Split('\n').FirstOrDefault(l => l.StartsWith("import ", StringComparison.Ordinal))?.Trim());
            Console.Write(error);

            var persons = createsPersons ? await ResultingRowsCopy.ReadPersonsAsync(database, personsBefore) : [];
            var coverages = await ResultingRowsCopy.ReadCoveragesAsync(database, coveragesBefore);
            await ResultingRowsCopy.CheckpointAsync(database);
            var copyPersons = createsPersons ? await ResultingRowsCopy.CopyPersonsAsync(database, persons) : TimeSpan.Zero;
            await ResultingRowsCopy.CheckpointAsync(database);
            var copyCoverages = await ResultingRowsCopy.CopyCoveragesAsync(database, coverages);
            var copySeconds = (copyPersons + copyCoverages).TotalSeconds;
            var ratio = copySeconds / importSeconds;
            Console.WriteLine($"  binary COPY of the same resulting rows: persons {persons.Count:N0} in {copyPersons.TotalSeconds:N1} s, coverages {coverages.Count:N0} in {copyCoverages.TotalSeconds:N1} s, " +
                $"together {copySeconds:N1} s ({rows / copySeconds:N0} file rows/s); import {importSeconds:N1} s ({rows / importSeconds:N0} rows/s) = {ratio:N2}× the COPY's rate (target 0.6×); " +
                $"load average {loadBefore} at the start, {ResultingRowsCopy.LoadAverage()} at the end");
            ok &= ratio >= 0.6 && peak < 500L * 1_048_576;
        }

        await ResultingRowsCopy.DropTablesAsync(database);
        Directory.Delete(directory, recursive: true);
        return ok ? 0 : 1;
    }

    private static double Number(string text) =>
        double.Parse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static void Write(string path, int rows, int firstYear)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("身份证号,姓名,参保年度,缴费日期,缴费金额,险种,人员类别,缴费地区\r\n");
        string[] counties = ["130102", "130123", "130202", "230102", "520102"];
        for (var i = 0; i < rows / 2; i++)
        {
            var county = counties[i % 5];
            var first17 = $"{county}{new DateOnly(1940, 1, 1).AddDays(i / 5 / 500):yyyyMMdd}{i / 5 % 500 * 2:D3}";
            var id = first17 + IdNumber.CheckCharacter(first17);
            for (var year = firstYear; year < firstYear + 2; year++)
            {
                writer.Write($"{id},张{i},{year},{year - 1}-{9 + i % 3:D2}-{1 + i % 23:D2},400,居民,,{county}\r\n");
            }
        }
    }

    /// <summary>Runs <c>medins import KIND FILE</c> as its own process; its output, its error output (each statement's time), peak memory (VmHWM).</summary>
    internal static async Task<(string Output, string Error, long PeakBytes, TimeSpan Elapsed)> RunImportAsync(string medins, string connectionString, string kind, string file)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{medins}\" import {kind} \"{file}\"") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["ConnectionStrings__Default"] = connectionString;
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                var status = await File.ReadAllLinesAsync($"/proc/{process.Id}/status");
                var rss = status.FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
                if (rss is not null)
                {
                    peak = Math.Max(peak, long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024);
                }
            }
            catch (IOException)
            {
                // The process ended between the check and the read.
            }

            await Task.Delay(200);
        }

        await process.WaitForExitAsync();
        return (await output, await error, peak, watch.Elapsed);
    }
}
