using System.Net;
using System.Text;
using MedicalInsurance.Cli.IntegrationTests;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>
/// No full ID number in any log — the app's (as its console gets it), the command line's standard error, PostgreSQL's
/// own server log — after the paths known to risk one: look-ups, an expected duplicate, a unique violation that does
/// reach the server, refused import rows in the app and in the command line, a command-line failure naming a file.
/// </summary>
public sealed class IdNumberLogTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AppCommandLineAndPostgreSql_AfterTheRiskyPaths_LogNoIdNumberOfTheTestSequence()
    {
        var services = app.Factory.Services;
        var clerk = UserScope.For("clerk", Roles.Clerk, "130102", RegionDirectory.Shipped, "10.1.1.1");
        var born = new DateOnly(1991, 2, 3);
        var nobody = TestIdNumbers.Next("130102", born);

        // Look-ups: found, in another county, nobody; through the pages' service and through the API.
        var lookup = services.GetRequiredService<PersonLookup>();
        Assert.IsType<LookupOutcome.Found>(await lookup.FindByIdNumberAsync(clerk, app.Inside.IdNumber, Ct));
        await lookup.FindByIdNumberAsync(clerk, app.Outside.IdNumber, Ct);
        await lookup.FindByIdNumberAsync(clerk, nobody, Ct);
        using (var client = await app.ClientAsync("clerk"))
        using (var api = await client.PostAsync(new Uri("/api/v1/persons/calc", UriKind.Relative),
            new StringContent($$"""{"idNumber":"{{app.Inside.IdNumber}}"}""", Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        }

        // An expected duplicate: creating a file that exists is answered before PostgreSQL sees the number.
        var again = await services.GetRequiredService<PersonFileCreation>().CreateAsync(new NewPerson(app.Inside.IdNumber, app.Inside.Name, "130102", null, null), clerk, Ct);
        Assert.IsType<CreationOutcome.Exists>(again);

        // A unique violation that reaches PostgreSQL (the race the unique index answers): the server logs an error, the
        // app an exception with the key (the test host's connection includes error details).
        await using (var db = await services.GetRequiredService<IDbContextFactory<MedicalInsuranceDbContext>>().CreateDbContextAsync(Ct))
        {
            db.Persons.Add(new Person { IdNumber = app.Inside.IdNumber, Name = app.Inside.Name, BirthDate = new DateOnly(1980, 5, 6), Sex = Domain.Persons.Sex.Female, HouseholdCounty = "130102" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
        }

        // Refused rows (an amount with a third decimal, another name for a known number, a wrong check character) and a
        // new file, imported by the app and by the command line.
        var inApp = await services.GetRequiredService<Importer>().ImportAsync(ImportKind.Payments, await PaymentFileAsync(born), "log-test.csv", new Actor("admin", "10.1.1.1"), null, Ct);
        Assert.Equal(3, Assert.IsType<ImportOutcome.Imported>(inApp).Run.Errors);
        var cliFile = await PaymentFileAsync(born);
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Default"] = app.OwnerConnectionString };
        var cli = new List<(int Exit, string Output, string Error)>
        {
            await CliProcess.RunAsync($"import payments \"{cliFile}\"", null, environment),
            // A failure that names a file called after a person.
            await CliProcess.RunAsync($"import payments \"{Path.Combine(Path.GetTempPath(), nobody + ".csv")}\"", null, environment),
        };
        Assert.Equal(0, cli[0].Exit);
        Assert.Contains("3 refused", cli[0].Output, StringComparison.Ordinal);
        Assert.NotEqual(0, cli[1].Exit);
        Assert.Contains("no such file", cli[1].Error, StringComparison.Ordinal);

        var serverLog = await ServerLogUpToNowAsync();
        var found = Leaks("the app's log", app.LogLines)
            .Concat(cli.SelectMany((run, i) => Leaks($"medins run {i + 1}, standard error", run.Error.Split('\n'))))
            .Concat(Leaks("PostgreSQL's server log", serverLog.Split('\n')))
            .ToList();

        Assert.True(found.Count == 0, "ID numbers in logs:\n" + string.Join("\n", found));
        // The failures were logged, so there was something to read: the app's duplicate key (masked), the server's error.
        Assert.Contains(app.LogLines, l => l.Contains("**************" + app.Inside.IdNumber[^4..], StringComparison.Ordinal));
        Assert.Contains("duplicate key value violates unique constraint", serverLog, StringComparison.Ordinal);
        Assert.Contains("**************" + nobody[^4..] + ".csv", cli[1].Error, StringComparison.Ordinal);
    }

    /// <summary>Where a line holds an ID number of the test sequence: the source, the line's number, and the line with the numbers masked.</summary>
    private static IEnumerable<string> Leaks(string source, IEnumerable<string> lines) =>
        lines.Select((line, i) => (line, i))
            .Where(x => TestIdNumbers.Pattern.IsMatch(x.line))
            .Select(x => $"{source}, line {x.i + 1}: {TestIdNumbers.Pattern.Replace(x.line, m => new string('*', 14) + m.Value[^4..]).Trim()}");

    /// <summary>
    /// The server's log once it holds everything logged so far: a marker error is logged last, and the log is read until
    /// the marker is in it — which also proves the log read is this server's.
    /// </summary>
    private async Task<string> ServerLogUpToNowAsync()
    {
        var marker = $"medins_log_marker_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(app.OwnerConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand($"select {marker}()", connection);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteScalarAsync(Ct));
            Assert.Equal(PostgresErrorCodes.UndefinedFunction, error.SqlState);
        }

        for (var i = 0; ; i++)
        {
            var log = await PostgresServer.ReadServerLogAsync();
            if (log.Contains(marker, StringComparison.Ordinal))
            {
                return log;
            }

            Assert.True(i < 100, "the marker error never reached PostgreSQL's log: is it this server's?");
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>
    /// A payments file: a new resident (a file created for review), and three refused rows holding ID numbers — an
    /// amount with a third decimal, another name for a known number, a number with a wrong check character.
    /// </summary>
    private async Task<string> PaymentFileAsync(DateOnly born)
    {
        var known = app.Inside.IdNumber;
        var newcomer = TestIdNumbers.Next("130102", born);
        var wrongCheck = TestIdNumbers.Next("130102", born);
        wrongCheck = wrongCheck[..17] + (wrongCheck[17] == '0' ? '1' : '0');
        var csv = new StringBuilder("身份证号,姓名,参保年度,缴费日期,缴费金额,险种,人员类别,缴费地区\r\n")
            .Append(newcomer).Append(",新来人,2026,2025-11-01,400,居民,,130102\r\n")
            .Append(known).Append(',').Append(app.Inside.Name).Append(",2026,2025-11-01,400.123,居民,,130102\r\n")
            .Append(known).Append(",别的名字,2026,2025-11-01,400,居民,,130102\r\n")
            .Append(wrongCheck).Append(",错号人,2026,2025-11-01,400,居民,,130102\r\n");
        var path = TestFiles.NewPath(".csv");
        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(true), Ct);
        return path;
    }
}
