using System.CommandLine;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Results;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedicalInsurance.Cli;

/// <summary>
/// <c>import payments FILE</c>, <c>import claims FILE</c>, <c>import population FILE</c>, <c>import births FILE</c>, <c>yearend --year Y</c> and <c>recompute</c>: progress on standard error, the
/// outcome on standard output, refused rows in FILE.errors.csv beside the file.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter output, TimeProvider time)
    {
        var import = new Command("import",
            "导入税务缴费记录、结算汇总、公安人口信息或出生信息：CSV（逗号或制表符分隔，UTF-8（可带BOM），否则按GB18030/GBK）或.xlsx（第一张工作表）；第1行为表头，" +
            "列名中英文均可、顺序不限。错误行逐行拒绝（行号、字段、原因写入 FILE.errors.csv），其余照常导入；同一文件再次导入不作更改。各列见 README「Import files」。");
        foreach (var (name, kind, description) in new[] { ("payments", ImportKind.Payments, PaymentsHelp), ("claims", ImportKind.Claims, ClaimsHelp), ("population", ImportKind.Population, PopulationHelp), ("births", ImportKind.Births, BirthsHelp) })
        {
            var file = new Argument<FileInfo>("FILE") { Description = "CSV或.xlsx文件" };
            var command = new Command(name, description) { file };
            command.SetAction((parse, cancellationToken) => ImportAsync(kind, parse.GetValue(file)!, output, time, cancellationToken));
            import.Subcommands.Add(command);
        }

        return import;
    }

    private const string PaymentsHelp =
        "导入缴费记录。必填列：身份证号（文本，18位，校验码正确）、姓名（与档案一致）、参保年度（1990至明年）、" +
        "缴费日期（2024-11-02、2024/11/2、2024.11.2、20241102、2024年11月2日或Excel日期，不晚于今天）、" +
        "险种（居民、职工、其他）、缴费地区（现行县级区划代码，全国均可）。" +
        "选填列：缴费金额（元，最多两位小数，不带千位分隔符或空格：400.123、1,200.00、1 200 均拒绝）、" +
        "人员类别（空或普通、医疗救助、退役军人、随军配偶、特困）。英文列名：idNumber, name, year, paidOn, scheme, region, amount, group。";

    private const string ClaimsHelp =
        "导入结算汇总（只针对已建档人员；新文件覆盖同年度数据，留痕）。必填列：身份证号、参保年度、" +
        "基金支付（含大病保险，元）、大病保险支付（元，不大于基金支付）；金额最多两位小数、不带千位分隔符，空单元格为0。" +
        "英文列名：idNumber, year, fundReimbursed, catastrophicPaid。";

    private const string PopulationHelp =
        "导入公安人口信息（户籍人口与常住人口）。必填列：身份证号、姓名、户籍地区（本系统所辖省份的现行县级代码）、" +
        "户籍乡镇（9位统计用区划代码，前6位为户籍地区）、户号、状态（正常、死亡、迁出）。" +
        "选填列：性别、出生日期（须与身份证号一致）、居住地区（全国现行县级代码）、居住乡镇（9位，前6位为居住地区）、" +
        "状态日期（死亡、迁出时必填，不晚于今天）、出生医学证明编号（婴儿的：并入按出生医学证明所建的新生儿档案）。未收录的乡镇代码在其前6位为已知县（区）时接受并标记待核。" +
        "死亡或迁出即不再负有参保责任；档案已记死亡的不因后来的文件改回。英文列名：idNumber, name, sex, birthDate, householdCounty, " +
        "householdTownship, residenceCounty, residenceTownship, householdNumber, status, statusDate, birthCertificate。";

    private const string BirthsHelp =
        "导入出生信息（出生一件事），为尚无身份证号的新生儿按出生医学证明建档。必填列：出生医学证明编号（1位字母加9位数字）、" +
        "出生日期（不晚于今天）、母亲身份证号（校验码正确，出生早于婴儿）、居住地区（本系统所辖省份的现行县级代码；只填居住乡镇时取其前6位）。" +
        "选填列：姓名、居住乡镇（9位，前6位为居住地区）。同一编号再次导入时，未并入的档案按新行更新（留痕），已并入的不再更改。" +
        "人口信息带来婴儿身份证号时并入其档案：按人口信息中的出生医学证明编号，或按同户母亲与出生日期（唯一相符时）。" +
        "英文列名：birthCertificate, birthDate, name, motherIdNumber, residenceCounty, residenceTownship。";

    public static Command CreateYearEnd(TextWriter output, TimeProvider time)
    {
        var year = new Option<int>("--year") { Description = "参保年度", Required = true };
        var command = new Command("yearend", "年度结算：重算该年度所有居民参保人的结果，可中断后续跑") { year };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliApplication.Services(time);
            var runner = services.GetRequiredService<YearEnd>();
            var outcome = await runner.RunAsync(parse.GetValue(year), Actor(), Progress(time), cancellationToken);
            await output.WriteLineAsync($"year-end {outcome.Run.Year}: {outcome.Run.Persons:N0} insured residents recomputed{(outcome.Resumed ? " (resumed)" : "")} in {outcome.Elapsed.TotalSeconds:N1} s");
            return CliApplication.ExitOk;
        });
        return command;
    }

    public static Command CreateRecompute(TextWriter output, TimeProvider time)
    {
        var force = new Option<bool>("--force") { Description = "即使结果已是最新也全部重算" };
        var command = new Command("recompute", "结果核对：引擎版本、政策参数或年度变化后，重算每份档案的结果并重建看板数据（可中断后续跑）") { force };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var services = CliApplication.Services(time);
            var freshness = services.GetRequiredService<ResultsFreshness>();
            var outcome = await freshness.EnsureAsync(Actor(), wait: true, parse.GetValue(force), Progress(time), cancellationToken);
            await output.WriteLineAsync(outcome.State == FreshnessState.Recomputed
                ? $"every file recomputed{(outcome.Resumed ? " (resumed)" : "")}: {outcome.Run!.Persons:N0} persons in {outcome.Elapsed.TotalSeconds:N1} s ({outcome.Run.Stamp})"
                : "results are up to date: nothing recomputed");
            return CliApplication.ExitOk;
        });
        return command;
    }

    private static async Task<int> ImportAsync(ImportKind kind, FileInfo file, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            throw new CommandFailedException($"no such file: {file.FullName}");
        }

        await using var services = CliApplication.Services(time);
        var importer = services.GetRequiredService<Importer>();
        var outcome = await importer.ImportAsync(kind, file.FullName, file.Name, Actor(), Progress(time), cancellationToken);
        switch (outcome)
        {
            case ImportOutcome.AlreadyImported already:
                await output.WriteLineAsync(already.Message);
                return CliApplication.ExitOk;
            case ImportOutcome.NotATable notATable:
                throw new CommandFailedException(notATable.Message);
        }

        var imported = (ImportOutcome.Imported)outcome;
        var run = imported.Run;
        await output.WriteLineAsync(kind switch
        {
            ImportKind.Population => $"import {run.Id} ({run.Encoding}): {run.Rows:N0} rows — {run.Inserted:N0} files created, {run.Updated:N0} files updated, {run.Unchanged:N0} unchanged, {run.Errors:N0} refused; {run.FlaggedTownships:N0} township codes not in the reference accepted and flagged; {run.NewbornsMerged:N0} newborn files merged",
            ImportKind.Births => $"import {run.Id} ({run.Encoding}): {run.Rows:N0} rows — {run.Inserted:N0} newborn files created, {run.Updated:N0} revised, {run.Unchanged:N0} unchanged, {run.Errors:N0} refused",
            _ => $"import {run.Id} ({run.Encoding}): {run.Rows:N0} rows — {run.Inserted:N0} new, {run.Updated:N0} revised, {run.Unchanged:N0} unchanged, {run.Errors:N0} refused; {run.PersonsCreated:N0} files created for review" +
                (kind == ImportKind.Payments ? $"; {run.Duplicates:N0} persons insured twice in a year (duplicates list)" : ""),
        });
        foreach (var (statement, took) in imported.Statements)
        {
            await Console.Error.WriteLineAsync($"  {took.TotalSeconds,6:N2} s  {statement.ReplaceLineEndings(" ")}");
        }

        await output.WriteLineAsync($"read, checked and merged in {imported.Merged.TotalSeconds:N1} s ({imported.RowsPerSecond:N0} rows/s); touched files recomputed by {imported.Total.TotalSeconds:N1} s");
        if (run.Errors > 0)
        {
            var errors = file.FullName + ".errors.csv";
            await using (var stream = File.Create(errors))
            {
                await TableWriter.WriteAsync(stream, ImportErrors.Table(services.GetRequiredService<NpgsqlDataSource>(), run.Id), ExportFormat.Csv, cancellationToken);
            }

            await output.WriteLineAsync($"refused rows: {errors}");
        }

        return CliApplication.ExitOk;
    }

    private static Actor Actor() => new("cli:" + Environment.UserName, null);

    /// <summary>Progress on standard error, at most a line a second of the command's clock.</summary>
    private static Progress<ImportProgress> Progress(TimeProvider time)
    {
        long? last = null;
        return new Progress<ImportProgress>(p =>
        {
            if (last is null || time.GetElapsedTime(last.Value).TotalSeconds >= 1)
            {
                last = time.GetTimestamp();
                Console.Error.WriteLine(p.ToString());
            }
        });
    }
}
