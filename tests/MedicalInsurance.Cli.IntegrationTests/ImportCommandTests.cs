using System.Diagnostics;
using System.Text;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Testing;
using Npgsql;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary>The importer as a process: killed with SIGKILL in the middle of a file, then run again.</summary>
public sealed class ImportCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImportPayments_KilledMidFile_ThenRunAgain_EndsWithExactlyTheRowsOfACleanImport()
    {
        await using var clean = new MigratedDatabase();
        await clean.InitializeAsync();
        await using var killed = new MigratedDatabase();
        await killed.InitializeAsync();
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, PaymentFile(200_000), new UTF8Encoding(true), Ct);

        var (cleanExit, cleanOutput, cleanError) = await CliProcess.RunAsync($"import payments \"{path}\"", null, Env(clean));
        var stopped = await KillWhenLoadingAsync(path, killed);
        var (countsAfterKill, _) = await SnapshotAsync(killed);
        var (againExit, againOutput, againError) = await CliProcess.RunAsync($"import payments \"{path}\"", null, Env(killed));
        var (thirdExit, thirdOutput, _) = await CliProcess.RunAsync($"import payments \"{path}\"", null, Env(killed));

        Assert.True(cleanExit == 0, cleanOutput + cleanError);
        Assert.Contains("200,000 new", cleanOutput, StringComparison.Ordinal);
        Assert.True(stopped, "the importer finished before it could be killed");
        Assert.Equal("0 persons, 0 coverages, 0 results, 0 imports", countsAfterKill);
        Assert.True(againExit == 0, againOutput + againError);
        Assert.Equal(await SnapshotAsync(clean), await SnapshotAsync(killed));
        Assert.Equal(0, thirdExit);
        Assert.Contains("未做任何更改", thirdOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPopulation_PrintsFilesCreatedAndFlaggedTownships_AndWritesTheRefusedRowsBesideTheFile()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var path = TestFiles.NewPath(".csv");
        var (a, b) = (TestIdNumbers.Next("130102", new DateOnly(1958, 8, 8)), TestIdNumbers.Next("130102", new DateOnly(1958, 8, 8)));
        await File.WriteAllTextAsync(path,
            "身份证号,姓名,户籍地区,户籍乡镇,户号,状态,状态日期\r\n" +
            $"{a},王一,130102,130102001,H1,正常,\r\n" +
            $"{b},王二,130102,130102998,H1,正常,\r\n" +
            $"{b[..17]}{(b[17] == '0' ? '1' : '0')},王三,130102,130102001,H1,正常,\r\n", new UTF8Encoding(false), Ct);

        var (exit, output, error) = await CliProcess.RunAsync($"import population \"{path}\"", null, Env(database));

        Assert.True(exit == 0, output + error);
        Assert.Contains("2 files created, 0 files updated, 0 unchanged, 1 refused; 1 township codes not in the reference accepted and flagged", output, StringComparison.Ordinal);
        Assert.Contains("身份证号", await File.ReadAllTextAsync(path + ".errors.csv", Ct), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Env(MigratedDatabase database) => new() { ["ConnectionStrings__Default"] = database.ConnectionString };

    /// <summary>Starts the import and kills it (SIGKILL, the whole process) as soon as it reports loading progress.</summary>
    private static async Task<bool> KillWhenLoadingAsync(string path, MigratedDatabase database)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "medins.dll")}\" import payments \"{path}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Default"] = database.ConnectionString;
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(Ct);
        while (await process.StandardError.ReadLineAsync(Ct) is { } line)
        {
            if (line.StartsWith("loading:", StringComparison.Ordinal))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(Ct);
                return true;
            }
        }

        await process.WaitForExitAsync(Ct);
        return false;
    }

    private static string PaymentFile(int rows)
    {
        var text = new StringBuilder("身份证号,姓名,参保年度,缴费日期,缴费金额,险种,人员类别,缴费地区\r\n");
        for (var i = 0; i < rows / 2; i++)
        {
            var first17 = $"130123{new DateOnly(1940, 1, 1).AddDays(i / 500):yyyyMMdd}{i % 500 * 2:D3}";
            var id = first17 + IdNumber.CheckCharacter(first17);
            text.Append(id).Append(",居民").Append(i).Append(",2026,2025-11-01,400,居民,,130123\r\n");
            text.Append(id).Append(",居民").Append(i).Append(",2027,2026-11-01,400,居民,,130123\r\n");
        }

        return text.ToString();
    }

    /// <summary>Counts and a digest of every person, coverage record and computed result the import leaves.</summary>
    private static async Task<(string Counts, string Digest)> SnapshotAsync(MigratedDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""
            select (select count(*) from persons) || ' persons, ' || (select count(*) from coverages) || ' coverages, ' ||
                   (select count(*) from computed_results) || ' results, ' || (select count(*) from import_runs where status = 'done') || ' imports',
                   md5((select string_agg(id_number || name || household_county || needs_review, ',' order by id_number) from persons) ||
                       (select string_agg(p.id_number || c.year || c.scheme || c.paid_on || c.amount || c."group" || c.pooling_region, ',' order by p.id_number, c.year)
                        from coverages c join persons p on p.id = c.person_id) ||
                       (select string_agg(p.id_number || r.year || r.resident_insured || coalesce(r.cap_effective::text, '-') || r.waiting_months, ',' order by p.id_number, r.year)
                        from computed_results r join persons p on p.id = r.person_id))
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetString(0), reader.IsDBNull(1) ? "" : reader.GetString(1));
    }
}
