using System.Collections.Concurrent;
using System.Data.Common;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// A duplicate ID number is found by a query, not by the unique index: PostgreSQL logs every unique violation with its
/// key (the full ID number). The statements the service sends are watched through an EF Core interceptor, which sees
/// every failed command and the error PostgreSQL returned — what would reach the server's log.
/// </summary>
public sealed class PersonFileDuplicateTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creation_OfANumberThatHasAFile_AnswersExists_WithoutAUniqueViolation()
    {
        var number = Files.NewIdNumber("130102", "2020-02-02");
        var first = Assert.IsType<CreationOutcome.Created>(
            await new PersonFileCreation(database.ContextFactory, _files.Catalogs, _files.Clock).CreateAsync(new NewPerson(number, "重复人", "130102", null, null), Files.Clerk(), Ct));
        var watcher = new Watcher();
        var creation = new PersonFileCreation(new WatchedFactory(database.ConnectionString, watcher), _files.Catalogs, _files.Clock);

        var again = await creation.CreateAsync(new NewPerson(number, "重复人", "130102", null, null), Files.Clerk("clerk2"), Ct);

        Assert.Equal(first.PersonId, Assert.IsType<CreationOutcome.Exists>(again).PersonId);
        Assert.Equal("该身份证号码已建档。", CreationOutcome.Exists.Message);
        Assert.NotEmpty(watcher.Executed);
        Assert.Empty(watcher.Failed);
        Assert.DoesNotContain(watcher.Executed, c => c.StartsWith("INSERT INTO persons", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, await _files.QueryAsync(db => db.Persons.CountAsync(p => p.IdNumber == number, Ct)));
    }

    [Fact]
    public async Task Creation_RacingAnotherClerk_IsStillAnsweredExists_ByTheUniqueIndex()
    {
        var number = Files.NewIdNumber("130102", "2021-03-03");
        var watcher = new Watcher();
        long racer = 0;
        // Right after the service has looked for the number (and found none), another clerk's file for it is committed.
        watcher.AfterFirstLookup = async () =>
        {
            var id = IdNumber.Parse(number);
            await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
            var person = new Person { IdNumber = id.Value, Name = "另一位", BirthDate = id.BirthDate, Sex = id.Sex, HouseholdCounty = "130102" };
            db.Persons.Add(person);
            await db.SaveChangesAsync(Ct);
            racer = person.Id;
        };
        var creation = new PersonFileCreation(new WatchedFactory(database.ConnectionString, watcher), _files.Catalogs, _files.Clock);

        var outcome = await creation.CreateAsync(new NewPerson(number, "重复人", "130102", null, null), Files.Clerk(), Ct);

        Assert.NotEqual(0, racer);
        Assert.Equal(racer, Assert.IsType<CreationOutcome.Exists>(outcome).PersonId);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.Single(watcher.Failed));
        Assert.Equal(1, await _files.QueryAsync(db => db.Persons.CountAsync(p => p.IdNumber == number, Ct)));
    }

    /// <summary>Records every command's text and the SQLSTATE of every command PostgreSQL refused.</summary>
    private sealed class Watcher : DbCommandInterceptor
    {
        public ConcurrentQueue<string> Executed { get; } = new();

        public ConcurrentQueue<string> Failed { get; } = new();

        public Func<Task>? AfterFirstLookup { get; set; }

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Executed.Enqueue(command.CommandText.TrimStart());
            if (command.CommandText.Contains("id_number", StringComparison.Ordinal) && command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
                && AfterFirstLookup is { } hook)
            {
                AfterFirstLookup = null;
                await hook();
            }

            return result;
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            Failed.Enqueue(eventData.Exception is PostgresException pg ? pg.SqlState : eventData.Exception.GetType().Name);
            return Task.CompletedTask;
        }
    }

    private sealed class WatchedFactory(string connectionString, Watcher watcher) : IDbContextFactory<MedicalInsuranceDbContext>
    {
        public MedicalInsuranceDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
            builder.UseMedicalInsuranceDatabase(connectionString).AddInterceptors(watcher);
            return new MedicalInsuranceDbContext(builder.Options);
        }
    }
}
