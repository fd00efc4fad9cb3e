using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>A clerk's registration of a late or returning enrollee for coverage year <see cref="Enrollment"/>.Year.</summary>
public sealed record RegistrationRequest(long PersonId, PendingEnrollment Enrollment, decimal? Amount);

public abstract record RegistrationOutcome
{
    public sealed record Registered(long RegistrationId, long CoverageId, CalculationResult Result, string Snapshot) : RegistrationOutcome;

    public sealed record AlreadyRegistered(int Year) : RegistrationOutcome
    {
        public string Message => $"该参保人{Year}年度已登记居民医保，不能重复登记。";
    }

    public sealed record Refused(CalculationError Error) : RegistrationOutcome;

    /// <summary>Absent or outside the caller's county: the same answer.</summary>
    public sealed record NotFound : RegistrationOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk registers.</summary>
    public sealed record NotAllowed : RegistrationOutcome;
}

/// <summary>
/// Registers an enrollment: the coverage record, the registration with the decision as issued, the repair payment, the
/// refreshed computed results and the audit entry — in one transaction. The unique (person, year, scheme) key makes a
/// second registration of the same year fail cleanly, however many clerks try at once.
/// </summary>
public sealed class Registrations(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time)
{
    /// <summary>The release a resident can be told ("1.0.0"), without the build's commit.</summary>
    private static readonly string ApplicationVersion =
        (typeof(Registrations).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+')[0];

    public async Task<RegistrationOutcome> RegisterAsync(RegistrationRequest request, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanRegister)
        {
            return new RegistrationOutcome.NotAllowed();
        }

        var actor = scope.Actor;
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await PersonFiles.LoadAsync(db, request.PersonId, cancellationToken) is not { } file || !scope.Covers(file.Person.HouseholdCounty))
        {
            return new RegistrationOutcome.NotFound();
        }

        var enrollment = request.Enrollment;
        if (file.Coverages.Any(c => c.Year == enrollment.Year && c.Scheme == Scheme.Resident))
        {
            return new RegistrationOutcome.AlreadyRegistered(enrollment.Year);
        }

        var outcome = FileCalculator.Calculate(file, enrollment.Year, today, catalog, RegionDirectory.Shipped, enrollment);
        if (outcome.Error is { } error)
        {
            return new RegistrationOutcome.Refused(error);
        }

        var result = outcome.Result!;
        var snapshot = Snapshot(result);
        // The engine priced the repair in its options (RULES.md §3); it refused any repair beyond them.
        var repairCost = enrollment.RepairYears > 0 ? result.WaitingPeriod!.RepairOptions[enrollment.RepairYears].Cost : 0m;
        var now = time.GetUtcNow();
        var coverage = new Coverage
        {
            PersonId = file.Person.Id,
            Year = enrollment.Year,
            Scheme = Scheme.Resident,
            PaidOn = enrollment.PaidOn,
            Amount = request.Amount,
            Group = enrollment.Group,
            PoolingRegion = enrollment.PoolingRegion ?? RegionDirectory.Shipped.CityOf(file.Person.HouseholdCounty),
            County = file.Person.HouseholdCounty,
            Origin = CoverageOrigin.Registration,
            RepairYears = enrollment.RepairYears,
            PreviousCoverageEndedOn = enrollment.PreviousCoverageEndedOn,
            GapBackPaid = enrollment.GapBackPaid,
            CreatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Coverages.Add(coverage);
            await db.SaveChangesAsync(cancellationToken);
            var registration = new Registration
            {
                PersonId = file.Person.Id,
                CoverageId = coverage.Id,
                CoverageYear = enrollment.Year,
                PaidOn = enrollment.PaidOn,
                Amount = request.Amount,
                RepairCost = repairCost,
                DecisionSnapshot = snapshot,
                RulesVersion = RulesVersion(result),
                CreatedBy = actor.UserName,
                CreatedAt = now,
            };
            db.Registrations.Add(registration);
            await db.SaveChangesAsync(cancellationToken);
            if (enrollment.RepairYears > 0)
            {
                db.RepairPayments.Add(new RepairPayment
                {
                    PersonId = file.Person.Id,
                    RegistrationId = registration.Id,
                    ForCoverageYear = enrollment.Year,
                    Years = enrollment.RepairYears,
                    Amount = repairCost,
                    PaidOn = enrollment.PaidOn,
                });
            }

            AuditLog.Add(db, actor, "register", file.Person.Id, new { year = enrollment.Year, registration = registration.Id, reason = result.WaitingPeriod is { } d ? CalcContract.ReasonName(d.Reason) : null });
            // Read again inside the transaction, after the new record holds the person: a record an import merged since
            // the file was loaded is counted too (an import still merging recomputes the file after this commits).
            var current = await PersonFiles.LoadAsync(db, file.Person.Id, cancellationToken) ?? file;
            await ComputedResults.ReplaceAsync(db, [current], today, catalog, RegionDirectory.Shipped, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new RegistrationOutcome.Registered(registration.Id, coverage.Id, result, snapshot);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            return new RegistrationOutcome.AlreadyRegistered(enrollment.Year);
        }
    }

    /// <summary>What a notice is printed from: the snapshot as issued, never a new calculation.</summary>
    public sealed record Notice(long RegistrationId, string PersonName, string MaskedIdNumber, string HouseholdCounty, int CoverageYear, string Snapshot, string RulesVersion, DateTimeOffset IssuedAt, string IssuedBy)
    {
        public DateOnly PaidOn { get; init; }

        public decimal? Amount { get; init; }
    }

    /// <summary>
    /// The notice of a registration within the caller's scope (null otherwise); audited as a view — once for the page's
    /// two renders and a reprint within <see cref="LookupRateLimiter.RepeatWindow"/>. The clerk is named as the users
    /// table knows them.
    /// </summary>
    public async Task<Notice?> NoticeAsync(long registrationId, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await (from r in db.Registrations.AsNoTracking()
                           join p in db.Persons.AsNoTracking() on r.PersonId equals p.Id
                           join u in db.Users.AsNoTracking() on r.CreatedBy equals u.UserName into users
                           from u in users.DefaultIfEmpty()
                           where r.Id == registrationId
                           select new { r, p.Name, p.IdNumber, p.HouseholdCounty, Clerk = u == null ? null : u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (found is null || !scope.Covers(found.HouseholdCounty))
        {
            return null;
        }

        // The database's clock on both sides (the entry's time is its now()).
        var details = JsonSerializer.Serialize(new { registration = registrationId });
        if (!await db.AuditEntries.AnyAsync(a => a.PersonId == found.r.PersonId && a.At > DateTimeOffset.UtcNow - LookupRateLimiter.RepeatWindow
                && a.UserName == scope.UserName && a.Action == "notice" && EF.Functions.JsonContains(a.Details!, details), cancellationToken))
        {
            AuditLog.Add(db, scope.Actor, "notice", found.r.PersonId, new { registration = registrationId });
            await db.SaveChangesAsync(cancellationToken);
        }

        return new Notice(registrationId, found.Name, Domain.Persons.IdNumber.Parse(found.IdNumber).Masked, found.HouseholdCounty, found.r.CoverageYear,
            found.r.DecisionSnapshot, found.r.RulesVersion, found.r.CreatedAt, string.IsNullOrWhiteSpace(found.Clerk) ? found.r.CreatedBy : found.Clerk)
        {
            PaidOn = found.r.PaidOn,
            Amount = found.r.Amount,
        };
    }

    /// <summary>The response exactly as the contract writes it: what the notice is rendered from.</summary>
    public static string Snapshot(CalculationResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CalcContract.WriterOptions))
        {
            CalcContract.WriteResult(writer, result);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The application version and a digest of every parameter value the decision used.</summary>
    public static string RulesVersion(CalculationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = string.Join("\n", result.Parameters.Select(p => p.ToString()));
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return $"medins {ApplicationVersion}; parameters {digest}";
    }
}
