using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Calculation;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Registering;

/// <summary>
/// Registers an enrollment: the coverage record, the registration with the decision as issued, the repair payment, the
/// refreshed computed results and the audit entry — in one transaction. The unique (person, year, scheme) key makes a
/// second registration of the same year fail cleanly, however many clerks try at once.
/// </summary>
public sealed class Registrations(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
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
        var digest = request.IdempotencyKey is null ? null : Digest(request);
        if (await RepeatedAsync(db, actor.UserName, request, digest, cancellationToken) is { } repeated)
        {
            return repeated;
        }

        if (await PersonFiles.LoadAsync(db, request.PersonId, cancellationToken) is not { } file || !scope.Covers(file.Person.HouseholdCounty))
        {
            return new RegistrationOutcome.NotFound();
        }

        var enrollment = request.Enrollment;
        if (file.Coverages.Any(c => c.Year == enrollment.Year && c.Scheme == Scheme.Resident))
        {
            // Also where the same key's other request committed since the key was looked up: it is answered, not refused.
            return await RepeatedAsync(db, actor.UserName, request, digest, cancellationToken) ?? new RegistrationOutcome.AlreadyRegistered(enrollment.Year);
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
                IdempotencyKey = request.IdempotencyKey,
                RequestDigest = digest,
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
            await reads.AfterWriteAsync(scope, cancellationToken);
            return new RegistrationOutcome.Registered(registration.Id, coverage.Id, result, snapshot);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            // The same key sent twice at once: the other request registered (its commit released this one's insert).
            return await RepeatedAsync(db, actor.UserName, request, digest, cancellationToken) ?? new RegistrationOutcome.AlreadyRegistered(enrollment.Year);
        }
    }

    /// <summary>
    /// The person with this ID number (18 characters, validated by the caller) when within the caller's scope, else null.
    /// Not audited as a view: the registration that follows is audited.
    /// </summary>
    public async Task<long?> PersonIdAsync(string idNumber, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await db.Persons.AsNoTracking().Where(p => p.IdNumber == idNumber).Select(p => new { p.Id, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        return found is not null && scope.Covers(found.HouseholdCounty) ? found.Id : null;
    }

    /// <summary>The longest void reason kept (the column's length).</summary>
    public const int MaxVoidReasonLength = 500;

    /// <summary>
    /// Voids a registration made in error, in one transaction: its coverage record and repair payment are deleted, the
    /// registration keeps its snapshot and is marked voided (who, when, why), the file's results are recomputed and its
    /// county marked for the dashboards, and the void is audited. The year can then be registered again.
    /// </summary>
    public async Task<VoidOutcome> VoidAsync(long registrationId, string? reason, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanVoid)
        {
            return new VoidOutcome.NotAllowed();
        }

        reason = reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return new VoidOutcome.Refused("请填写作废原因。");
        }

        if (reason.Length > MaxVoidReasonLength)
        {
            return new VoidOutcome.Refused($"作废原因不能超过{MaxVoidReasonLength}字。");
        }

        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked until commit: of two supervisors voiding at once, the second sees the first's void.
        var registration = (await db.Registrations.FromSql($"select * from registrations where id = {registrationId} for update").ToListAsync(cancellationToken)).SingleOrDefault();
        var county = registration is null ? null : await db.Persons.Where(p => p.Id == registration.PersonId).Select(p => p.HouseholdCounty).SingleAsync(cancellationToken);
        if (registration is null || !scope.Covers(county!))
        {
            return new VoidOutcome.NotFound();
        }

        if (registration.VoidedAt is { } voidedAt)
        {
            return new VoidOutcome.AlreadyVoided(voidedAt);
        }

        var now = time.GetUtcNow();
        var coverageId = registration.CoverageId;
        registration.CoverageId = null;
        registration.VoidedAt = now;
        registration.VoidedBy = scope.UserName;
        registration.VoidReason = reason;
        await db.SaveChangesAsync(cancellationToken);
        await db.RepairPayments.Where(r => r.RegistrationId == registrationId).ExecuteDeleteAsync(cancellationToken);
        if (coverageId is { } coverage)
        {
            await db.Coverages.Where(c => c.Id == coverage).ExecuteDeleteAsync(cancellationToken);
        }

        AuditLog.Add(db, scope.Actor, "void", registration.PersonId, new { registration = registrationId, year = registration.CoverageYear, reason });
        var file = await PersonFiles.LoadAsync(db, registration.PersonId, cancellationToken);
        await ComputedResults.ReplaceAsync(db, [file!], today, catalog, RegionDirectory.Shipped, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new VoidOutcome.Voided(registrationId, now);
    }

    /// <summary>The answer to a request whose idempotency key this caller used before; null for a new key or none.</summary>
    private static async Task<RegistrationOutcome?> RepeatedAsync(MedicalInsuranceDbContext db, string caller, RegistrationRequest request, string? digest, CancellationToken cancellationToken)
    {
        if (request.IdempotencyKey is not { } key)
        {
            return null;
        }

        var found = await db.Registrations.AsNoTracking().Where(r => r.CreatedBy == caller && r.IdempotencyKey == key)
            .Select(r => new { r.Id, r.DecisionSnapshot, r.RequestDigest }).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null
            : found.RequestDigest == digest ? new RegistrationOutcome.Repeated(found.Id, found.DecisionSnapshot)
            : new RegistrationOutcome.KeyReused();
    }

    /// <summary>What makes two requests the same request: the person and every fact of the enrollment (amounts to the fen).</summary>
    public static string Digest(RegistrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = request.Enrollment;
        var text = FormattableString.Invariant(
            $"{request.PersonId}|{e.Year}|{e.PaidOn:yyyy-MM-dd}|{request.Amount:F2}|{e.Group}|{e.PoolingRegion}|{e.RepairYears}|{e.PreviousCoverageEndedOn:yyyy-MM-dd}|{e.GapBackPaid}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// What a notice is printed from: the snapshot as issued, never a new calculation. <see cref="Version"/> 1 is the
    /// registration's; a later one was issued again by an accepted review (<see cref="ReviewId"/>), and
    /// <see cref="LatestVersion"/> says whether this one still stands.
    /// </summary>
    public sealed record Notice(long RegistrationId, string PersonName, string MaskedIdNumber, string HouseholdCounty, int CoverageYear, string Snapshot, string RulesVersion, DateTimeOffset IssuedAt, string IssuedBy,
        DateTimeOffset? VoidedAt = null, string? VoidedBy = null, string? VoidReason = null)
    {
        public DateOnly PaidOn { get; init; }

        public decimal? Amount { get; init; }

        public int Version { get; init; } = 1;

        public int LatestVersion { get; init; } = 1;

        /// <summary>For a version issued again: the review whose correction changed the decision, when and by whom.</summary>
        public long? ReviewId { get; init; }

        public DateTimeOffset? ReissuedAt { get; init; }

        public string? ReissuedBy { get; init; }
    }

    /// <summary>The latest version of a registration's notice: see <see cref="NoticeAsync(long, UserScope, int?, CancellationToken)"/>.</summary>
    public Task<Notice?> NoticeAsync(long registrationId, UserScope scope, CancellationToken cancellationToken = default) =>
        NoticeAsync(registrationId, scope, null, cancellationToken);

    /// <summary>
    /// A version of the notice of a registration within the caller's scope — the latest when <paramref name="version"/>
    /// is null — or null (outside the scope, or no such version); audited as a view — once for the page's two renders and
    /// a reprint within <see cref="LookupRateLimiter.RepeatWindow"/>. The clerks are named as the users table knows them.
    /// </summary>
    public async Task<Notice?> NoticeAsync(long registrationId, UserScope scope, int? version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await (from r in db.Registrations.AsNoTracking()
                           join p in db.Persons.AsNoTracking() on r.PersonId equals p.Id
                           join u in db.Users.AsNoTracking() on r.CreatedBy equals u.UserName into users
                           from u in users.DefaultIfEmpty()
                           join v in db.Users.AsNoTracking() on r.VoidedBy equals v.UserName into voiders
                           from v in voiders.DefaultIfEmpty()
                           where r.Id == registrationId
                           select new { r, p.Name, p.IdNumber, p.HouseholdCounty, Clerk = u == null ? null : u.DisplayName, Voider = v == null ? null : v.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        if (found is null || !scope.Covers(found.HouseholdCounty))
        {
            return null;
        }

        var versions = await (from v in db.NoticeVersions.AsNoTracking()
                              join u in db.Users.AsNoTracking() on v.IssuedBy equals u.UserName into users
                              from u in users.DefaultIfEmpty()
                              where v.RegistrationId == registrationId
                              orderby v.Version
                              select new { v, Clerk = u == null ? null : u.DisplayName }).ToListAsync(cancellationToken);
        var latest = versions.Count == 0 ? 1 : versions[^1].v.Version;
        var shown = version ?? latest;
        var reissue = versions.FirstOrDefault(v => v.v.Version == shown);
        if (shown != 1 && reissue is null)
        {
            return null;
        }

        await AuditLog.AddViewOnceAsync(db, scope.Actor, "notice", found.r.PersonId, new { registration = registrationId, version = shown }, cancellationToken);

        return new Notice(registrationId, found.Name, Domain.Persons.IdNumber.Parse(found.IdNumber).Masked, found.HouseholdCounty, found.r.CoverageYear,
            reissue?.v.DecisionSnapshot ?? found.r.DecisionSnapshot, reissue?.v.RulesVersion ?? found.r.RulesVersion, found.r.CreatedAt,
            string.IsNullOrWhiteSpace(found.Clerk) ? found.r.CreatedBy : found.Clerk,
            found.r.VoidedAt, string.IsNullOrWhiteSpace(found.Voider) ? found.r.VoidedBy : found.Voider, found.r.VoidReason)
        {
            PaidOn = reissue?.v.PaidOn ?? found.r.PaidOn,
            Amount = reissue is null ? found.r.Amount : reissue.v.Amount,
            Version = shown,
            LatestVersion = latest,
            ReviewId = reissue?.v.ReviewId,
            ReissuedAt = reissue?.v.IssuedAt,
            ReissuedBy = reissue is null ? null : string.IsNullOrWhiteSpace(reissue.Clerk) ? reissue.v.IssuedBy : reissue.Clerk,
        };
    }

    /// <summary>
    /// The <c>waitingPeriod</c> object of a stored snapshot, as the contract wrote it (its raw JSON text): an answer
    /// built from the snapshot is the same for the first request and every retry.
    /// </summary>
    public static string DecisionOf(string snapshot)
    {
        using var document = JsonDocument.Parse(snapshot);
        return document.RootElement.GetProperty("waitingPeriod").GetRawText();
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
