using System.Diagnostics;
using System.Globalization;
using System.Text;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Population;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// The population extract and the list of the uninsured (issue 14), against a seeded database.
/// <para>
/// <c>import-population CONNECTION MEDINS_DLL [persons]</c>: writes an extract of N persons — the persons on file first,
/// in id order, with the name and county the file has (so every row updates its file: household, townships, residence
/// and status are what the seeder leaves empty), then new persons born 1900–1935 (IDs the seeder never makes) if N is
/// larger — and the same rows in the table's own form. It times a plain text COPY of the latter, twice, into
/// <c>bench_persons</c>: <c>create table … (like persons including all)</c> (columns, defaults, identity, generated
/// columns, check constraints, primary key, the unique ID number and every index of <c>persons</c>, partial ones included)
/// plus the foreign keys of <c>persons</c>, which LIKE does not copy. Then it runs the built <c>medins import population</c>
/// on the extract as its own process and prints rows/s, the ratio to the best COPY, peak memory and each statement's time.
/// </para>
/// <para>
/// <c>uninsured-page CONNECTION COUNTY [runs]</c>: the first page (50) of the county's list, by registration and by
/// residence, for the year the page opens on, as a supervisor of the county asks for it — the header, then the page, as
/// the page asks — and then the list's size, which the page shows after its rows; each run's times, the first in a fresh
/// process (cold) and the others after it (warm).
/// </para>
/// </summary>
internal static class PopulationBenchmark
{
    private const string Header = "身份证号,姓名,性别,出生日期,户籍地区,户籍乡镇,居住地区,居住乡镇,户号,状态,状态日期\r\n";
    private const string TableColumns = "id_number, name, birth_date, sex, household_county, household_township, residence_county, residence_township, household_number, status, status_date, needs_review";

    public static async Task<int> ImportAsync(string[] args)
    {
        var (connectionString, medins) = (args[0], args[1]);
        var persons = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        var directory = Directory.CreateTempSubdirectory("medins-population-bench").FullName;
        var extract = Path.Combine(directory, "population.csv");
        var table = Path.Combine(directory, "population-table.csv");
        var (existing, created) = await WriteAsync(connectionString, extract, table, persons);
        Console.WriteLine($"{persons:N0} rows ({existing:N0} persons on file, {created:N0} new), extract {new FileInfo(extract).Length / 1_048_576.0:N0} MiB");

        var copy = new List<double>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            var foreignKeys = new List<string>();
            await using (var keys = new NpgsqlCommand("select pg_get_constraintdef(oid) from pg_constraint where conrelid = 'persons'::regclass and contype = 'f'", connection))
            await using (var reader = await keys.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    foreignKeys.Add(reader.GetString(0));
                }
            }

            for (var run = 0; run < 2; run++)
            {
                var create = "drop table if exists bench_persons; create table bench_persons (like persons including all); " +
                    string.Concat(foreignKeys.Select(k => $"alter table bench_persons add {k}; ")) + "checkpoint";
                await using (var command = new NpgsqlCommand(create, connection))
                {
                    await command.ExecuteNonQueryAsync();
                }

                var watch = Stopwatch.StartNew();
                await using (var writer = await connection.BeginTextImportAsync($"copy bench_persons ({TableColumns}) from stdin (format csv, header true)"))
                using (var reader = new StreamReader(table, Encoding.UTF8))
                {
                    var buffer = new char[1 << 16];
                    int read;
                    while ((read = await reader.ReadAsync(buffer)) > 0)
                    {
                        await writer.WriteAsync(buffer.AsMemory(0, read));
                    }
                }

                copy.Add(persons / watch.Elapsed.TotalSeconds);
            }

            await using var drop = new NpgsqlCommand("drop table bench_persons; checkpoint", connection);
            await drop.ExecuteNonQueryAsync();
            Console.WriteLine($"COPY target: like persons including all, with {foreignKeys.Count} foreign key(s): {string.Join("; ", foreignKeys)}");
        }

        var baseline = copy.Max();
        Console.WriteLine($"plain COPY of the same rows into bench_persons: {string.Join(" / ", copy.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} rows/s; half of the best: {baseline / 2:N0} rows/s");
        var (output, error, peak, elapsed) = await ImportBenchmark.RunImportAsync(medins, connectionString, "population", extract);
        Console.Write(output);
        Console.Write(error);
        var merged = output.Split('\n').FirstOrDefault(l => l.StartsWith("read, checked and merged", StringComparison.Ordinal));
        if (merged is null)
        {
            Console.WriteLine("the import printed no rate");
            return 1;
        }

        var rate = double.Parse(merged[(merged.IndexOf('(', StringComparison.Ordinal) + 1)..merged.IndexOf(" rows/s", StringComparison.Ordinal)].Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Console.WriteLine($"import population: {rate:N0} rows/s, {rate / baseline:P0} of COPY; peak memory {peak / 1_048_576.0:N0} MiB; whole command {elapsed.TotalSeconds:N1} s");
        Directory.Delete(directory, recursive: true);
        return rate >= baseline / 2 ? 0 : 1;
    }

    /// <summary>
    /// <c>population-extract CONNECTION DIRECTORY [persons]</c>: writes the extract <c>import-population</c> imports (and the
    /// same rows in the table's form) into DIRECTORY and keeps them, to import by hand or study the merge's plans.
    /// </summary>
    public static async Task<int> ExtractAsync(string[] args)
    {
        var (connectionString, directory) = (args[0], args[1]);
        var persons = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
        Directory.CreateDirectory(directory);
        var (existing, created) = await WriteAsync(connectionString, Path.Combine(directory, "population.csv"), Path.Combine(directory, "population-table.csv"), persons);
        Console.WriteLine($"{persons:N0} rows ({existing:N0} persons on file, {created:N0} new) in {directory}");
        return 0;
    }

    public static async Task<int> UninsuredPageAsync(string[] args)
    {
        var (connectionString, county) = (args[0], args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        await using var services = BenchmarkServices.For(connectionString);
        var lists = services.GetRequiredService<UninsuredLists>();
        var scope = UserScope.For("supervisor.bench", Roles.Supervisor, county, RegionDirectory.Shipped, "127.0.0.1");
        var year = await lists.DefaultYearAsync(county);
        for (var run = 1; run <= runs; run++)
        {
            foreach (var duty in new[] { ListDuty.Registered, ListDuty.Residence })
            {
                // As the page asks: the list's header, then its first page; the size after it, timed apart.
                var watch = Stopwatch.StartNew();
                var header = await lists.HeaderAsync(scope, county, year, duty);
                var outcome = await lists.PageAsync(scope, county, year, duty, 0, 50);
                var page = watch.Elapsed;
                var total = await lists.CountAsync(scope, county, year, duty);
                var counted = watch.Elapsed - page;
                if (header is not UninsuredOutcome.Listed || outcome is not UninsuredOutcome.Listed listed || total is null)
                {
                    Console.WriteLine($"{county} {year} {duty}: not found in the supervisor's scope");
                    return 1;
                }

                Console.WriteLine($"{county} {year} {duty}, run {run}{(run == 1 ? " (cold)" : "")}: first page {page.TotalSeconds:N3} s ({listed.Rows.Count} rows), " +
                    $"then the size {counted.TotalSeconds:N3} s ({total:N0}; shown {watch.Elapsed.TotalSeconds:N3} s after the request)");
            }
        }

        return 0;
    }

    /// <summary>Writes the extract and the same rows as the table stores them; the counts of persons on file and new.</summary>
    private static async Task<(int Existing, int Created)> WriteAsync(string connectionString, string extract, string table, int persons)
    {
        var today = Domain.Time.ChinaCalendar.Today(TimeProvider.System);
        var townships = TownshipData.Shipped.Where(t => t.Reference).GroupBy(t => t.County).ToDictionary(g => g.Key, g => g.Select(t => t.Code).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        var counties = DemoPopulation.Counties.Select(c => c.County).ToArray();
        var perCounty = new Dictionary<string, int>(StringComparer.Ordinal);
        using var csv = new StreamWriter(extract, false, new UTF8Encoding(false), 1 << 16);
        using var rows = new StreamWriter(table, false, new UTF8Encoding(false), 1 << 16);
        await csv.WriteAsync(Header);
        await rows.WriteAsync(TableColumns.Replace(" ", "", StringComparison.Ordinal) + "\r\n");
        var written = 0;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select id_number, name, household_county from persons order by id limit $1", connection) { Parameters = { new() { Value = persons } } };
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), written++);
            }
        }

        var existing = written;
        for (var k = 0; written < persons; k++)
        {
            var county = counties[k % counties.Length];
            var first17 = $"{county}{new DateOnly(1900, 1, 1).AddDays(k / counties.Length / 500):yyyyMMdd}{k / counties.Length % 500 * 2 + k % 2:D3}";
            Row(first17 + IdNumber.CheckCharacter(first17), $"新{k}", county, written++);
        }

        return (existing, written - existing);

        // Households of three in the order the persons come, per county, each in a township of the county; one person in
        // twelve lives in another demo county, one in twelve in another township of their own; one in 200 died, one in 200
        // moved out.
        void Row(string idNumber, string name, string county, int index)
        {
            var id = IdNumber.Parse(idNumber);
            var member = perCounty.TryGetValue(county, out var n) ? n : 0;
            perCounty[county] = member + 1;
            var household = member / 3;
            var ownTownships = townships[county];
            var township = ownTownships[household * 7919 % ownTownships.Length];
            var (residenceCounty, residenceTownship) = (index % 12) switch
            {
                0 when counties[(Array.IndexOf(counties, county) + 1) % counties.Length] is var other => (other, townships[other][index % townships[other].Length]),
                1 when ownTownships.Length > 1 && ownTownships[(household * 7919 + 1) % ownTownships.Length] is var near => (county, near),
                _ => ("", ""),
            };
            var (status, statusName) = (index % 200) switch
            {
                0 => ("Deceased", "死亡"),
                1 => ("MovedOut", "迁出"),
                _ => ("Present", "正常"),
            };
            var statusDate = status == "Present" ? "" : Max(id.BirthDate, today.AddDays(-30)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var birth = id.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var number = $"{county}{household:D9}";
            csv.Write($"{idNumber},{name},{(id.Sex == Sex.Male ? "男" : "女")},{birth},{county},{township},{residenceCounty},{residenceTownship},{number},{statusName},{statusDate}\r\n");
            rows.Write($"{idNumber},{name},{birth},{id.Sex},{county},{township},{residenceCounty},{residenceTownship},{number},{status},{statusDate},f\r\n");
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
