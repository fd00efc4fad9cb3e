using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Npgsql;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary>
/// The restore drill, as a process: <c>medins backup</c> of a database with real content, <c>medins restore</c> into a new
/// database, and the same rows in both; and the refusals that keep a backup or a database from being overwritten.
/// </summary>
public sealed class BackupCommandTests(BackupCommandTests.SeededDatabase live) : IClassFixture<BackupCommandTests.SeededDatabase>
{
    private static readonly string[] Tables = ["persons", "coverages", "registrations", "audit_entries"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestore_IntoANewDatabase_PersonsCoveragesRegistrationsAndAuditHaveTheSameDigest()
    {
        var file = TestFiles.NewPath(".dump");
        var copy = NewDatabaseName();
        try
        {
            var backup = await CliProcess.RunAsync($"backup \"{file}\"", environment: Env(live.ConnectionString));
            var restore = await CliProcess.RunAsync($"restore \"{file}\" --database {copy}", environment: Env(live.ConnectionString));

            Assert.True(backup.ExitCode == 0, backup.Error);
            Assert.Equal("", backup.Output);
            Assert.Contains("written to", backup.Error, StringComparison.Ordinal);
            Assert.False(File.Exists(file + ".partial"));
            Assert.True(restore.ExitCode == 0, restore.Error);
            var before = await DigestAsync(live.ConnectionString);
            Assert.All(before, table => Assert.True(table.Rows > 0, $"{table.Name} is empty: the drill would prove nothing"));
            Assert.Equal(before, await DigestAsync(ConnectionTo(copy)));
            Assert.Equal($"restored into {copy}: {before[0].Rows} persons, {before[1].Rows} coverages, {before[2].Rows} registrations, {before[3].Rows} audit_entries",
                restore.Output.Trim());
        }
        finally
        {
            await CleanUpAsync(file, copy);
        }
    }

    [Fact]
    public async Task Restore_LeavesTheApplicationRoleWithoutGrants_UntilMigrateReappliesThem()
    {
        var file = TestFiles.NewPath(".dump");
        var copy = NewDatabaseName();
        try
        {
            Assert.Equal(0, (await CliProcess.RunAsync($"backup \"{file}\"", environment: Env(live.ConnectionString))).ExitCode);
            var restore = await CliProcess.RunAsync($"restore \"{file}\" --database {copy}", environment: Env(live.ConnectionString));
            var grantsAfterRestore = await GrantsAsync(ConnectionTo(copy));
            var migrate = await CliProcess.RunAsync("migrate", environment: Env(ConnectionTo(copy)));

            Assert.True(restore.ExitCode == 0, restore.Error);
            Assert.Contains("medins migrate", restore.Error, StringComparison.Ordinal);
            Assert.Equal("persons: no, audit insert: no, audit update: no", grantsAfterRestore);
            Assert.True(migrate.ExitCode == 0, migrate.Error);
            Assert.Equal("migrations applied: 0", migrate.Output.Trim());
            Assert.Equal("persons: yes, audit insert: yes, audit update: no", await GrantsAsync(ConnectionTo(copy)));
        }
        finally
        {
            await CleanUpAsync(file, copy);
        }
    }

    [Fact]
    public async Task Restore_IntoAnExistingDatabase_IsRefusedInOneLine_AndTheDatabaseIsUntouched()
    {
        var file = TestFiles.NewPath(".dump");
        var liveName = new NpgsqlConnectionStringBuilder(live.ConnectionString).Database!;
        try
        {
            Assert.Equal(0, (await CliProcess.RunAsync($"backup \"{file}\"", environment: Env(live.ConnectionString))).ExitCode);
            var before = await DigestAsync(live.ConnectionString);

            var (exitCode, output, error) = await CliProcess.RunAsync($"restore \"{file}\" --database {liveName}", environment: Env(live.ConnectionString));

            Assert.Equal(2, exitCode);
            Assert.Equal("", output);
            Assert.StartsWith($"medins restore: database {liveName} exists", Assert.Single(Lines(error)), StringComparison.Ordinal);
            Assert.Equal(before, await DigestAsync(live.ConnectionString));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Backup_OverAnExistingFile_IsRefusedWithoutForce_AndReplacedWithForce()
    {
        var file = TestFiles.NewPath(".dump");
        try
        {
            await File.WriteAllTextAsync(file, "yesterday's backup", Ct);

            var refused = await CliProcess.RunAsync($"backup \"{file}\"", environment: Env(live.ConnectionString));
            var keptText = await File.ReadAllTextAsync(file, Ct);
            var forced = await CliProcess.RunAsync($"backup \"{file}\" --force", environment: Env(live.ConnectionString));

            Assert.Equal(2, refused.ExitCode);
            Assert.Equal($"medins backup: {file} exists; pass --force to replace it", Assert.Single(Lines(refused.Error)));
            Assert.Equal("yesterday's backup", keptText);
            Assert.True(forced.ExitCode == 0, forced.Error);
            // The custom format's magic: a pg_dump archive, not the text it replaced.
            Assert.Equal("PGDMP"u8.ToArray(), (await File.ReadAllBytesAsync(file, Ct))[..5]);
            Assert.False(File.Exists(file + ".partial"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Backup_ServerUnreachable_FailsInOneLineWithoutThePassword_AndLeavesNoFile()
    {
        var file = TestFiles.NewPath(".dump");
        var unreachable = new NpgsqlConnectionStringBuilder(live.ConnectionString) { Host = "127.0.0.1", Port = 1, Password = "not-to-be-seen" }.ConnectionString;

        var (exitCode, output, error) = await CliProcess.RunAsync($"backup \"{file}\"", environment: Env(unreachable));

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith("medins backup: pg_dump exited with 1: ", Assert.Single(Lines(error)), StringComparison.Ordinal);
        Assert.DoesNotContain("not-to-be-seen", error, StringComparison.Ordinal);
        Assert.False(File.Exists(file));
        Assert.False(File.Exists(file + ".partial"));
    }

    [Fact]
    public async Task Restore_OfAFileThatIsNoBackup_FailsInOneLine_AndLeavesNoDatabase()
    {
        var file = TestFiles.NewPath(".dump");
        var copy = NewDatabaseName();
        try
        {
            await File.WriteAllTextAsync(file, "身份证号,姓名\r\n", Ct);

            var (exitCode, output, error) = await CliProcess.RunAsync($"restore \"{file}\" --database {copy}", environment: Env(live.ConnectionString));

            Assert.Equal(1, exitCode);
            Assert.Equal("", output);
            Assert.StartsWith("medins restore: pg_restore exited with 1: ", Assert.Single(Lines(error)), StringComparison.Ordinal);
            Assert.False(await DatabaseExistsAsync(copy));
        }
        finally
        {
            await CleanUpAsync(file, copy);
        }
    }

    private static Dictionary<string, string?> Env(string connectionString) => new() { [CliApplication.ConnectionStringVariable] = connectionString };

    private static string NewDatabaseName() => $"mi_restore_{Guid.NewGuid():N}";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private string ConnectionTo(string database) => new NpgsqlConnectionStringBuilder(live.ConnectionString) { Database = database }.ConnectionString;

    private async Task CleanUpAsync(string file, string database)
    {
        File.Delete(file);
        File.Delete(file + ".partial");
        await PostgresServer.DropDatabaseAsync(ConnectionTo(database));
    }

    /// <summary>Per table: its row count and the md5 of every row's text, in primary-key order.</summary>
    private static async Task<List<(string Name, long Rows, string Md5)>> DigestAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        var digests = new List<(string, long, string)>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"select count(*), md5(coalesce(string_agg(t::text, E'\\n' order by t.id), '')) from {table} t", connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            digests.Add((table, reader.GetInt64(0), reader.GetString(1)));
        }

        return digests;
    }

    private static async Task<string> GrantsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand($"""
            select has_table_privilege('{DatabaseMigrator.ApplicationRole}', 'persons', 'select'),
                   has_table_privilege('{DatabaseMigrator.ApplicationRole}', 'audit_entries', 'insert'),
                   has_table_privilege('{DatabaseMigrator.ApplicationRole}', 'audit_entries', 'update')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        static string YesNo(bool value) => value ? "yes" : "no";
        return $"persons: {YesNo(reader.GetBoolean(0))}, audit insert: {YesNo(reader.GetBoolean(1))}, audit update: {YesNo(reader.GetBoolean(2))}";
    }

    private async Task<bool> DatabaseExistsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(live.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("select exists (select 1 from pg_database where datname = @name)", connection);
        command.Parameters.AddWithValue("name", database);
        return (bool)(await command.ExecuteScalarAsync(Ct))!;
    }

    /// <summary>
    /// A migrated database with a demo population of a few hundred residents, one late enrollee registered by a clerk and
    /// that registration voided by a supervisor: every table of the drill has rows, the audit among them.
    /// </summary>
    public sealed class SeededDatabase : MigratedDatabase
    {
        /// <summary>2026-11-23 10:00 in Beijing: the 2027 collection period is open.</summary>
        private static readonly ShiftedClock Clock = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            var catalogs = new PolicyCatalogProvider(ContextFactory, Clock);
            await DemoSeeder.SeedAsync(DataSource, 300, seed: 5, Clock, await catalogs.GetAsync(), _ => { });

            var personId = await AddResidentInsuredIn2024Async();
            var registrations = new Registrations(ContextFactory, catalogs, Clock);
            var clerk = UserScope.For("clerk1", Roles.Clerk, "130102", RegionDirectory.Shipped);
            var enrollment = new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 1, null, false);
            var outcome = await registrations.RegisterAsync(new RegistrationRequest(personId, enrollment, 400m, "drill-0001"), clerk);
            var registered = outcome as RegistrationOutcome.Registered ?? throw new InvalidOperationException($"the drill's registration failed: {outcome}");
            var supervisor = UserScope.For("supervisor1", Roles.Supervisor, "130100", RegionDirectory.Shipped);
            if (await registrations.VoidAsync(registered.RegistrationId, "录入错误", supervisor) is not VoidOutcome.Voided)
            {
                throw new InvalidOperationException("the drill's void failed");
            }
        }

        private async Task<long> AddResidentInsuredIn2024Async()
        {
            const string first17 = "13010219800506999";
            await using var db = await ContextFactory.CreateDbContextAsync();
            var id = IdNumber.Parse(first17 + IdNumber.CheckCharacter(first17));
            var person = new Person { IdNumber = id.Value, Name = "演练人", BirthDate = id.BirthDate, Sex = id.Sex, HouseholdCounty = "130102", Phone = "13800000000" };
            person.Coverages.Add(new Coverage { Year = 2024, Scheme = Scheme.Resident, PaidOn = new DateOnly(2023, 11, 1), Amount = 400m, PoolingRegion = "130100", Origin = CoverageOrigin.Import });
            db.Persons.Add(person);
            await db.SaveChangesAsync();
            return person.Id;
        }
    }
}
