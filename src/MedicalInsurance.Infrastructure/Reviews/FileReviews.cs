using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Lookup;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// Reviews (复核) of a file: a clerk opens one on a disputed year with the resident's claim, the evidence and the record
/// as it should read; a supervisor accepts it — the record corrected (before and after audited), the file recomputed and
/// the notices issued again where the correction changed a registration's decision — or rejects it, changing nothing.
/// Every write is one transaction; every read and write is confined to the caller's scope.
/// </summary>
public sealed class FileReviews(IDbContextFactory<MedicalInsuranceDbContext> factory, PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    public const int MaxClaimLength = 1000;
    public const int MaxReferenceLength = 200;
    public const int MaxReasonLength = 500;

    /// <summary>The most rows a list shows.</summary>
    public const int ListLimit = 500;

    /// <summary>The field of a fault in the correction as a whole (the record it would make), not in one input.</summary>
    public const string CorrectionField = "Correction";

    /// <summary>The field of a fault in the scans.</summary>
    public const string EvidenceField = nameof(OpenReviewRequest.Evidence);

    /// <summary>
    /// The request's own faults, field by field, before any file is read: the year, the claim, the evidence (a reference
    /// or at least one scan, each scan checked), whether a record is chosen as the kind requires, the county and the payment.
    /// </summary>
    public static ReviewOutcome.Invalid? Validate(OpenReviewRequest request, DateOnly today, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(regions);
        if (request.Year < CoverElsewhere.FirstYear || request.Year > today.Year + 1)
        {
            return new(nameof(OpenReviewRequest.Year), $"参保年度须在{CoverElsewhere.FirstYear}年至{today.Year + 1}年之间");
        }

        if (!Enum.IsDefined(request.Kind))
        {
            return new(nameof(OpenReviewRequest.Kind), "请选择复核事项");
        }

        var claim = request.Claim?.Trim() ?? "";
        if (claim.Length == 0)
        {
            return new(nameof(OpenReviewRequest.Claim), "请填写参保人的诉求");
        }

        if (claim.Length > MaxClaimLength)
        {
            return new(nameof(OpenReviewRequest.Claim), $"诉求不超过{MaxClaimLength}个字");
        }

        var reference = request.Reference?.Trim() ?? "";
        if (reference.Length > MaxReferenceLength)
        {
            return new(nameof(OpenReviewRequest.Reference), $"凭证编号不超过{MaxReferenceLength}个字");
        }

        if (reference.Length == 0 && request.Evidence.Count == 0)
        {
            return new(nameof(OpenReviewRequest.Reference), "请填写凭证编号或上传扫描件");
        }

        if (request.Evidence.Count > EvidenceFiles.MaxPerReview)
        {
            return new(EvidenceField, $"每件复核申请最多上传{EvidenceFiles.MaxPerReview}个扫描件");
        }

        foreach (var upload in request.Evidence)
        {
            if (EvidenceFiles.Problem(upload) is { } problem)
            {
                return new(EvidenceField, problem);
            }
        }

        if (ReviewKinds.Adds(request.Kind) && request.CoverageId is not null)
        {
            return new(nameof(OpenReviewRequest.CoverageId), "该事项是补录该年度的参保记录，不选择已有记录");
        }

        if (!ReviewKinds.Adds(request.Kind) && request.CoverageId is null)
        {
            return new(nameof(OpenReviewRequest.CoverageId), "请选择要更正的参保记录");
        }

        if (!Enum.IsDefined(request.Scheme))
        {
            return new(nameof(OpenReviewRequest.Scheme), "请选择险种");
        }

        if (!Enum.IsDefined(request.Group))
        {
            return new(nameof(OpenReviewRequest.Group), "请选择人员类别");
        }

        if (!regions.IsCountyLevel(request.County))
        {
            return new(nameof(OpenReviewRequest.County), "请选择参保地所在的县级行政区划");
        }

        if (request.PaidOn is null && request.Kind is ReviewKind.PaymentLost or ReviewKind.WrongPayment)
        {
            return new(nameof(OpenReviewRequest.PaidOn), "请填写缴费日期");
        }

        if (request.PaidOn > today)
        {
            return new(nameof(OpenReviewRequest.PaidOn), "缴费日期不能晚于今天");
        }

        if (request.PaidOn?.Year > request.Year)
        {
            return new(nameof(OpenReviewRequest.PaidOn), "缴费日期不能晚于参保年度的12月31日");
        }

        if (request.Amount is { } amount && (amount < 0 || amount >= 10_000_000_000m || decimal.Round(amount, 2) != amount))
        {
            return new(nameof(OpenReviewRequest.Amount), "缴费金额须为不小于0、最多两位小数的金额");
        }

        return null;
    }

    public async Task<ReviewOutcome> OpenAsync(OpenReviewRequest request, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanRegister)
        {
            return new ReviewOutcome.NotAllowed();
        }

        var regions = RegionDirectory.Shipped;
        var today = Domain.Time.ChinaCalendar.Today(time);
        if (Validate(request, today, regions) is { } invalid)
        {
            return invalid;
        }

        var catalog = await catalogs.GetAsync(cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await PersonFiles.LoadAsync(db, request.PersonId, cancellationToken) is not { } file || !scope.Covers(file.Person.HouseholdCounty))
        {
            return new ReviewOutcome.NotFound();
        }

        if (await OpenReviewOfAsync(db, file.Person.Id, request.Year, cancellationToken) is { } open)
        {
            return new ReviewOutcome.AlreadyOpen(open, request.Year);
        }

        var target = request.CoverageId is { } coverageId ? file.Coverages.FirstOrDefault(c => c.Id == coverageId) : null;
        if (request.CoverageId is not null && (target is null || target.Year != request.Year))
        {
            return new ReviewOutcome.Invalid(nameof(OpenReviewRequest.CoverageId), "所选参保记录不是该参保人该年度的记录");
        }

        var after = new CoverageFacts(request.Scheme, request.PaidOn, request.Amount, request.Group, request.County);
        var registered = target is not null && await db.Registrations.AnyAsync(r => r.CoverageId == target.Id, cancellationToken);
        if (Conflict(file, target, after, request.Year, registered) is { } conflict)
        {
            return conflict;
        }

        var reference = request.Reference?.Trim() is { Length: > 0 } r ? r : null;
        var corrected = Corrected(file, target, after, request.Year, reference ?? "复核");
        if (Check(file, corrected, request.Year, today, catalog, regions).Blocked is { } blocked)
        {
            return new ReviewOutcome.Invalid(CorrectionField, blocked);
        }

        var now = time.GetUtcNow();
        var review = new Review
        {
            PersonId = file.Person.Id,
            Year = request.Year,
            Kind = request.Kind,
            Claim = request.Claim.Trim(),
            Reference = reference,
            CoverageId = target?.Id,
            Before = target is null ? null : CoverageFacts.Of(target).ToJson(),
            Scheme = after.Scheme,
            PaidOn = after.PaidOn,
            Amount = after.Amount,
            Group = after.Group,
            County = request.County,
            Status = ReviewStatus.Open,
            OpenedBy = scope.UserName,
            OpenedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Reviews.Add(review);
            await db.SaveChangesAsync(cancellationToken);
            var scans = request.Evidence.DistinctBy(e => EvidenceFiles.Sha256(e.Content)).Select(e => Evidence(review.Id, e, scope.UserName, now)).ToList();
            db.ReviewEvidence.AddRange(scans);
            AuditLog.Add(db, scope.Actor, "reviewOpen", file.Person.Id, new
            {
                review = review.Id,
                year = review.Year,
                kind = review.Kind.ToString(),
                coverage = review.CoverageId,
                before = target is null ? (JsonElement?)null : CoverageFacts.Of(target).ToElement(),
                after = after.ToElement(),
                reference,
                scans = scans.Select(s => new { s.FileName, s.ContentType, s.Length, s.Sha256 }),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await reads.AfterWriteAsync(scope, cancellationToken);
            return new ReviewOutcome.Opened(review.Id);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another clerk opened a review of the same year at the same moment.
            await transaction.RollbackAsync(cancellationToken);
            await using var again = await factory.CreateDbContextAsync(cancellationToken);
            return await OpenReviewOfAsync(again, request.PersonId, request.Year, cancellationToken) is { } other
                ? new ReviewOutcome.AlreadyOpen(other, request.Year)
                : throw new InvalidOperationException("a review could not be stored and no other review of the year is open", ex);
        }
    }

    /// <summary>Adds a scan to an open review (a clerk, in scope); the same content twice is kept once. Audited.</summary>
    public async Task<ReviewOutcome> AddEvidenceAsync(long reviewId, EvidenceUpload upload, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.CanRegister)
        {
            return new ReviewOutcome.NotAllowed();
        }

        if (EvidenceFiles.Problem(upload) is { } problem)
        {
            return new ReviewOutcome.Invalid(EvidenceField, problem);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked: a decision waits for the scan, and a scan added after the decision is refused.
        if (await LockAsync(db, reviewId, scope, cancellationToken) is not { } review)
        {
            return new ReviewOutcome.NotFound();
        }

        if (review.Status != ReviewStatus.Open)
        {
            return new ReviewOutcome.Decided(reviewId);
        }

        var sha = EvidenceFiles.Sha256(upload.Content);
        var stored = await db.ReviewEvidence.Where(e => e.ReviewId == reviewId).Select(e => new { e.Id, e.Sha256 }).ToListAsync(cancellationToken);
        if (stored.FirstOrDefault(e => e.Sha256 == sha) is { } same)
        {
            return new ReviewOutcome.EvidenceAdded(reviewId, same.Id);
        }

        if (stored.Count >= EvidenceFiles.MaxPerReview)
        {
            return new ReviewOutcome.Invalid(EvidenceField, $"每件复核申请最多上传{EvidenceFiles.MaxPerReview}个扫描件");
        }

        var scan = Evidence(reviewId, upload, scope.UserName, time.GetUtcNow());
        db.ReviewEvidence.Add(scan);
        await db.SaveChangesAsync(cancellationToken);
        AuditLog.Add(db, scope.Actor, "reviewEvidence", review.PersonId, new { review = reviewId, evidence = scan.Id, scan.FileName, scan.ContentType, scan.Length, scan.Sha256 });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new ReviewOutcome.EvidenceAdded(reviewId, scan.Id);
    }

    /// <summary>
    /// Accepts an open review (a supervisor, in scope, with a reason), in one transaction: the record added or corrected,
    /// the review marked, the audit entry with the record before and after, the file's results recomputed (its county
    /// marked for the dashboards), and a new notice version for every standing registration whose decision the
    /// correction changed. Refused, changing nothing, when the record no longer reads as the clerk saw it.
    /// </summary>
    public async Task<DecisionOutcome> AcceptAsync(long reviewId, string? reason, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Refusal(scope, reason, "采纳") is { } refused)
        {
            return refused;
        }

        var regions = RegionDirectory.Shipped;
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, reviewId, scope, cancellationToken) is not { } review)
        {
            return new DecisionOutcome.NotFound();
        }

        if (review.Status != ReviewStatus.Open)
        {
            return new DecisionOutcome.AlreadyDecided(review.Status);
        }

        var file = (await PersonFiles.LoadAsync(db, review.PersonId, cancellationToken))!;
        var (target, blocked) = Target(file, review);
        var registered = target is not null && await db.Registrations.AnyAsync(r => r.CoverageId == target.Id, cancellationToken);
        blocked ??= Conflict(file, target, review.After, review.Year, registered)?.Message;
        var corrected = blocked is null ? Corrected(file, target, review.After, review.Year, EvidenceText(review)) : file;
        blocked ??= Check(file, corrected, review.Year, today, catalog, regions).Blocked;
        if (blocked is not null)
        {
            return new DecisionOutcome.Refused(blocked);
        }

        var now = time.GetUtcNow();
        var before = target is null ? null : CoverageFacts.Of(target);
        long coverageId;
        if (target is null)
        {
            var added = corrected.Coverages.Single(c => c.Id == 0);
            added.CreatedAt = now;
            db.Coverages.Add(added);
            await db.SaveChangesAsync(cancellationToken);
            coverageId = added.Id;
        }
        else
        {
            var record = corrected.Coverages.Single(c => c.Id == target.Id);
            coverageId = record.Id;
            await db.Coverages.Where(c => c.Id == record.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.Scheme, record.Scheme)
                .SetProperty(c => c.PaidOn, record.PaidOn)
                .SetProperty(c => c.Amount, record.Amount)
                .SetProperty(c => c.Group, record.Group)
                .SetProperty(c => c.County, record.County)
                .SetProperty(c => c.PoolingRegion, record.PoolingRegion)
                .SetProperty(c => c.Origin, record.Origin)
                .SetProperty(c => c.Evidence, record.Evidence), cancellationToken);
        }

        review.Status = ReviewStatus.Accepted;
        review.DecidedBy = scope.UserName;
        review.DecidedAt = now;
        review.DecisionReason = reason!.Trim();
        // A record added is named too: the review then says which record it made.
        review.CoverageId ??= coverageId;
        var current = (await PersonFiles.LoadAsync(db, review.PersonId, cancellationToken, withRepairs: true))!;
        var notices = await ReissueAsync(db, file, current, review, scope.UserName, today, catalog, regions, now, cancellationToken);
        AuditLog.Add(db, scope.Actor, "reviewAccept", review.PersonId, new
        {
            review = review.Id,
            year = review.Year,
            coverage = coverageId,
            before = before?.ToElement(),
            after = CoverageFacts.Of(current.Coverages.Single(c => c.Id == coverageId)).ToElement(),
            reason = review.DecisionReason,
            notices = notices.Select(n => new { registration = n.RegistrationId, n.Version }),
        });
        await ComputedResults.ReplaceAsync(db, [current], today, catalog, regions, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new DecisionOutcome.Accepted(review.Id, notices);
    }

    /// <summary>Rejects an open review (a supervisor, in scope, with a reason): the review marked and audited, the file untouched.</summary>
    public async Task<DecisionOutcome> RejectAsync(long reviewId, string? reason, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Refusal(scope, reason, "驳回") is { } refused)
        {
            return refused;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, reviewId, scope, cancellationToken) is not { } review)
        {
            return new DecisionOutcome.NotFound();
        }

        if (review.Status != ReviewStatus.Open)
        {
            return new DecisionOutcome.AlreadyDecided(review.Status);
        }

        review.Status = ReviewStatus.Rejected;
        review.DecidedBy = scope.UserName;
        review.DecidedAt = time.GetUtcNow();
        review.DecisionReason = reason!.Trim();
        AuditLog.Add(db, scope.Actor, "reviewReject", review.PersonId, new { review = review.Id, year = review.Year, reason = review.DecisionReason });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new DecisionOutcome.Rejected(review.Id);
    }

    /// <summary>
    /// The reviews in the caller's scope: open ones (oldest first) with each county's count and oldest age, or the latest
    /// decided. Names and ID numbers masked.
    /// </summary>
    public async Task<ReviewList> ListAsync(UserScope scope, bool decided = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var counties = scope.Counties.ToArray();
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var inScope = from r in db.Reviews.AsNoTracking()
                      join p in db.Persons.AsNoTracking() on r.PersonId equals p.Id
                      where counties.Contains(p.HouseholdCounty)
                      select new { r, p.Name, p.IdNumber, p.HouseholdCounty };
        var open = inScope.Where(x => x.r.Status == ReviewStatus.Open);
        var byCounty = await open.GroupBy(x => x.HouseholdCounty)
            .Select(g => new { County = g.Key, Open = g.Count(), Oldest = g.Min(x => x.r.OpenedAt) })
            .ToListAsync(cancellationToken);
        var listed = decided ? inScope.Where(x => x.r.Status != ReviewStatus.Open).OrderByDescending(x => x.r.DecidedAt).ThenByDescending(x => x.r.Id)
            : open.OrderBy(x => x.r.OpenedAt).ThenBy(x => x.r.Id);
        var total = await listed.CountAsync(cancellationToken);
        var rows = await listed.Take(ListLimit).ToListAsync(cancellationToken);
        return new ReviewList(
            byCounty.Select(c => new CountyReviews(c.County, c.Open, AgeDays(c.Oldest, today))).OrderByDescending(c => c.OldestDays).ThenBy(c => c.County, StringComparer.Ordinal).ToList(),
            rows.Select(x => new ReviewSummary(x.r.Id, x.r.PersonId, PersonalData.MaskName(x.Name), IdNumber.Parse(x.IdNumber).Masked, x.HouseholdCounty, x.r.Year, x.r.Kind,
                x.r.Status, x.r.OpenedBy, x.r.OpenedAt, x.r.DecidedAt, AgeDays(x.r.OpenedAt, today))).ToList(),
            total);
    }

    /// <summary>The reviews of one file (any status), newest first, for the file's page; null outside the caller's scope.</summary>
    public async Task<IReadOnlyList<ReviewSummary>?> OfPersonAsync(long personId, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var today = Domain.Time.ChinaCalendar.Today(time);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId).Select(p => new { p.Name, p.IdNumber, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !scope.Covers(person.HouseholdCounty))
        {
            return null;
        }

        var reviews = await db.Reviews.AsNoTracking().Where(r => r.PersonId == personId).OrderByDescending(r => r.Id).ToListAsync(cancellationToken);
        return reviews.Select(r => new ReviewSummary(r.Id, personId, PersonalData.MaskName(person.Name), IdNumber.Parse(person.IdNumber).Masked, person.HouseholdCounty, r.Year, r.Kind,
            r.Status, r.OpenedBy, r.OpenedAt, r.DecidedAt, AgeDays(r.OpenedAt, today))).ToList();
    }

    /// <summary>
    /// A review within the caller's scope (null otherwise), with its file's identity, the scans, and — while open — what
    /// accepting would change; audited as a view, once within <see cref="LookupRateLimiter.RepeatWindow"/>.
    /// </summary>
    public async Task<ReviewDetail?> GetAsync(long reviewId, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var found = await (from r in db.Reviews.AsNoTracking()
                           join p in db.Persons.AsNoTracking() on r.PersonId equals p.Id
                           where r.Id == reviewId
                           select new { r, p.Name, p.IdNumber, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        if (found is null || !scope.Covers(found.HouseholdCounty))
        {
            return null;
        }

        var review = found.r;
        var evidence = await db.ReviewEvidence.AsNoTracking().Where(e => e.ReviewId == reviewId).OrderBy(e => e.Id)
            .Select(e => new EvidenceInfo(e.Id, e.FileName, e.ContentType, e.Length, e.UploadedBy, e.UploadedAt)).ToListAsync(cancellationToken);
        var file = (await PersonFiles.LoadAsync(db, review.PersonId, cancellationToken))!;
        var record = file.Coverages.FirstOrDefault(c => c.Id == review.CoverageId);
        var detail = new ReviewDetail(review, found.Name, IdNumber.Parse(found.IdNumber).Masked, found.HouseholdCounty, record is null ? null : CoverageFacts.Of(record))
        {
            Evidence = evidence,
            AgeDays = AgeDays(review.OpenedAt, Domain.Time.ChinaCalendar.Today(time)),
        };
        if (review.Status == ReviewStatus.Open)
        {
            var (target, blocked) = Target(file, review);
            var registered = target is not null && await db.Registrations.AnyAsync(r => r.CoverageId == target.Id, cancellationToken);
            blocked ??= Conflict(file, target, review.After, review.Year, registered)?.Message;
            var check = blocked is null
                ? Check(file, Corrected(file, target, review.After, review.Year, EvidenceText(review)), review.Year, Domain.Time.ChinaCalendar.Today(time), await catalogs.GetAsync(cancellationToken), RegionDirectory.Shipped)
                : ([], blocked);
            detail = detail with { Impact = check.Impact, Blocked = check.Blocked };
        }
        else if (review.Status == ReviewStatus.Accepted)
        {
            detail = detail with { Notices = await NoticesOfAsync(db, reviewId, cancellationToken) };
        }

        await AuditLog.AddViewOnceAsync(db, scope.Actor, "reviewView", review.PersonId, new { review = reviewId }, cancellationToken);
        return detail;
    }

    /// <summary>A scan of a review within the caller's scope (null otherwise, or when it is not that review's); audited.</summary>
    public async Task<EvidenceFile?> EvidenceAsync(long reviewId, long evidenceId, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var owner = await (from r in db.Reviews.AsNoTracking()
                           join p in db.Persons.AsNoTracking() on r.PersonId equals p.Id
                           where r.Id == reviewId
                           select new { r.PersonId, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        if (owner is null || !scope.Covers(owner.HouseholdCounty))
        {
            return null;
        }

        var scan = await db.ReviewEvidence.AsNoTracking().Where(e => e.Id == evidenceId && e.ReviewId == reviewId)
            .Select(e => new EvidenceFile(e.FileName, e.ContentType, e.Content)).FirstOrDefaultAsync(cancellationToken);
        if (scan is null)
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reviewScan", owner.PersonId, new { review = reviewId, evidence = evidenceId });
        await db.SaveChangesAsync(cancellationToken);
        return scan;
    }

    private static ReviewEvidence Evidence(long reviewId, EvidenceUpload upload, string user, DateTimeOffset now) => new()
    {
        ReviewId = reviewId,
        FileName = EvidenceFiles.CleanName(upload.FileName),
        ContentType = EvidenceFiles.ContentTypeOf(upload.Content)!,
        Length = upload.Content.Length,
        Sha256 = EvidenceFiles.Sha256(upload.Content),
        Content = upload.Content,
        UploadedBy = user,
        UploadedAt = now,
    };

    /// <summary>Why a decision cannot be taken before the review is read: not a supervisor's, or no usable reason; null when it can.</summary>
    private static DecisionOutcome? Refusal(UserScope scope, string? reason, string verb)
    {
        if (!scope.CanVoid)
        {
            return new DecisionOutcome.NotAllowed();
        }

        var text = reason?.Trim() ?? "";
        return text.Length == 0 ? new DecisionOutcome.Refused($"请填写{verb}理由。")
            : text.Length > MaxReasonLength ? new DecisionOutcome.Refused($"{verb}理由不能超过{MaxReasonLength}字。")
            : null;
    }

    private static async Task<long?> OpenReviewOfAsync(MedicalInsuranceDbContext db, long personId, int year, CancellationToken cancellationToken) =>
        await db.Reviews.AsNoTracking().Where(r => r.PersonId == personId && r.Year == year && r.Status == ReviewStatus.Open).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The review locked until commit (tracked), when it is in the caller's scope.</summary>
    private static async Task<Review?> LockAsync(MedicalInsuranceDbContext db, long reviewId, UserScope scope, CancellationToken cancellationToken)
    {
        var review = (await db.Reviews.FromSql($"select * from reviews where id = {reviewId} for update").ToListAsync(cancellationToken)).SingleOrDefault();
        if (review is null)
        {
            return null;
        }

        var county = await db.Persons.Where(p => p.Id == review.PersonId).Select(p => p.HouseholdCounty).SingleAsync(cancellationToken);
        return scope.Covers(county) ? review : null;
    }

    /// <summary>The record a review corrects as the file holds it now, or why it can no longer be corrected as the clerk saw it.</summary>
    private static (Coverage? Target, string? Blocked) Target(PersonFile file, Review review)
    {
        if (review.CoverageId is not { } id || review.Before is null)
        {
            return (null, null);
        }

        var record = file.Coverages.FirstOrDefault(c => c.Id == id);
        return record is not null && CoverageFacts.Of(record).SameAs(review.BeforeFacts)
            ? (record, null)
            : (null, "所更正的参保记录在申请后已被修改或删除：请驳回本申请，按现有记录重新申请。");
    }

    /// <summary>Why the correction cannot stand beside the file's other records, or null.</summary>
    private static ReviewOutcome.Invalid? Conflict(PersonFile file, Coverage? target, CoverageFacts after, int year, bool registered)
    {
        if (target is not null && CoverageFacts.Of(target).SameAs(after))
        {
            return new(CorrectionField, "更正后的记录与现有记录相同，无需复核。");
        }

        if (registered && target!.Scheme != after.Scheme)
        {
            return new(nameof(OpenReviewRequest.Scheme), "该记录由迟参保登记产生，险种不能更正：登记有误的，请监督员作废登记后重新登记。");
        }

        if (registered && after.PaidOn is null)
        {
            return new(nameof(OpenReviewRequest.PaidOn), "请填写缴费日期");
        }

        if (file.Coverages.Any(c => c.Year == year && c.Scheme == after.Scheme && c.Id != target?.Id))
        {
            return new(nameof(OpenReviewRequest.Scheme), target is null
                ? $"该参保人{year}年度已有{CoverElsewhere.SchemeName(after.Scheme)}记录：请按“更正已有记录”的事项申请。"
                : $"该参保人{year}年度已有另一条{CoverElsewhere.SchemeName(after.Scheme)}记录。");
        }

        return null;
    }

    private static string EvidenceText(Review review) => review.Reference ?? $"复核第{review.Id}号";

    /// <summary>
    /// The file with the correction applied, in memory (nothing written). A record added is held locally (origin
    /// <see cref="CoverageOrigin.Review"/>) or elsewhere (as <see cref="CoverElsewhere"/> records it, with the evidence's
    /// reference). A record corrected keeps its origin unless its county moved between local and elsewhere.
    /// </summary>
    private static PersonFile Corrected(PersonFile file, Coverage? target, CoverageFacts after, int year, string evidence)
    {
        var regions = RegionDirectory.Shipped;
        var household = file.Person.HouseholdCounty;
        var local = after.County == household;
        var record = target is null
            ? new Coverage { PersonId = file.Person.Id, Year = year, Scheme = after.Scheme, Origin = CoverageOrigin.Review }
            : Copy(target);
        record.Scheme = after.Scheme;
        record.PaidOn = after.PaidOn;
        record.Amount = after.Amount;
        record.Group = after.Group;
        if (target is null || target.County != after.County)
        {
            record.County = after.County;
            record.PoolingRegion = regions.CityOf(after.County!);
            (record.Origin, record.Evidence) = local
                ? (target is null || target.Origin is CoverageOrigin.Elsewhere or CoverageOrigin.AnotherProvince ? CoverageOrigin.Review : target.Origin, null)
                : (CoverElsewhere.OriginOf(after.County!, household, regions), target?.Evidence ?? evidence);
        }

        var p = file.Person;
        var person = new Person
        {
            Id = p.Id,
            IdNumber = p.IdNumber,
            Name = p.Name,
            BirthDate = p.BirthDate,
            Sex = p.Sex,
            HouseholdCounty = p.HouseholdCounty,
            Phone = p.Phone,
            Notes = p.Notes,
            NeedsReview = p.NeedsReview,
            CreatedAt = p.CreatedAt,
            Claims = p.Claims,
            // In the stored order (year, then scheme by name), as the file is loaded.
            Coverages = [.. p.Coverages.Where(c => c.Id != target?.Id).Append(record).OrderBy(c => c.Year).ThenBy(c => c.Scheme.ToString(), StringComparer.Ordinal)],
        };
        return new PersonFile(person) { Repairs = file.Repairs };
    }

    private static Coverage Copy(Coverage c) => new()
    {
        Id = c.Id,
        PersonId = c.PersonId,
        Year = c.Year,
        Scheme = c.Scheme,
        PaidOn = c.PaidOn,
        Amount = c.Amount,
        Group = c.Group,
        PoolingRegion = c.PoolingRegion,
        County = c.County,
        Origin = c.Origin,
        Evidence = c.Evidence,
        RepairYears = c.RepairYears,
        PreviousCoverageEndedOn = c.PreviousCoverageEndedOn,
        GapBackPaid = c.GapBackPaid,
        CreatedAt = c.CreatedAt,
    };

    /// <summary>
    /// What the correction changes, year by year from the disputed one, as the engine answers it; blocked when a year the
    /// engine answers now would be refused after it (the refusal's message says why).
    /// </summary>
    private static (IReadOnlyList<ReviewImpact> Impact, string? Blocked) Check(PersonFile before, PersonFile after, int fromYear, DateOnly today, PolicyCatalog catalog, RegionDirectory regions)
    {
        var impact = new List<ReviewImpact>();
        for (var year = fromYear; year <= Math.Min(today.Year + 1, RegionPolicy.MaxYear); year++)
        {
            var was = FileCalculator.Calculate(before, year, today, catalog, regions);
            var will = FileCalculator.Calculate(after, year, today, catalog, regions);
            if (will.Error is { } error)
            {
                if (was.Result is not null)
                {
                    return ([], $"按此更正，{year}年度无法计算：{error.Message}");
                }

                continue;
            }

            var (b, a) = (was.Result, will.Result!);
            var row = new ReviewImpact(year, b?.Insured ?? false, a.Insured, b?.Cap?.Effective, a.Cap?.Effective,
                b?.WaitingPeriod?.TotalMonths, a.WaitingPeriod?.TotalMonths, b?.WaitingPeriod?.BenefitsFrom, a.WaitingPeriod?.BenefitsFrom);
            if ((row.InsuredBefore, row.CapBefore, row.MonthsBefore, row.BenefitsFromBefore) != (row.InsuredAfter, row.CapAfter, row.MonthsAfter, row.BenefitsFromAfter))
            {
                impact.Add(row);
            }
        }

        return (impact, null);
    }

    /// <summary>
    /// A new notice version for every standing registration from the review's year on whose waiting-period decision the
    /// correction changed (computed from the file before and after it today, so a parameter edited since the registration
    /// alone issues nothing). Added to the context: saved with the rest of the acceptance.
    /// </summary>
    private static async Task<List<ReissuedNotice>> ReissueAsync(MedicalInsuranceDbContext db, PersonFile before, PersonFile after, Review review, string user,
        DateOnly today, PolicyCatalog catalog, RegionDirectory regions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var registrations = await db.Registrations.AsNoTracking()
            .Where(r => r.PersonId == review.PersonId && r.CoverageId != null && r.VoidedAt == null && r.CoverageYear >= review.Year)
            .OrderBy(r => r.CoverageYear).ToListAsync(cancellationToken);
        var reissued = new List<ReissuedNotice>();
        foreach (var registration in registrations)
        {
            var was = FileCalculator.Calculate(before, registration.CoverageYear, today, catalog, regions).Result;
            if (FileCalculator.Calculate(after, registration.CoverageYear, today, catalog, regions).Result is not { } result
                || (was is not null && Registrations.DecisionOf(Registrations.Snapshot(was)) == Registrations.DecisionOf(Registrations.Snapshot(result))))
            {
                continue;
            }

            var latest = await db.NoticeVersions.AsNoTracking().Where(v => v.RegistrationId == registration.Id).OrderByDescending(v => v.Version)
                .Select(v => new { v.Version, v.DecisionSnapshot }).FirstOrDefaultAsync(cancellationToken);
            var issued = Decision(latest?.DecisionSnapshot ?? registration.DecisionSnapshot);
            var record = after.Coverages.Single(c => c.Id == registration.CoverageId);
            var version = new NoticeVersion
            {
                RegistrationId = registration.Id,
                Version = (latest?.Version ?? 1) + 1,
                ReviewId = review.Id,
                DecisionSnapshot = Registrations.Snapshot(result),
                RulesVersion = Registrations.RulesVersion(result),
                PaidOn = record.PaidOn ?? registration.PaidOn,
                Amount = record.Amount,
                IssuedBy = user,
                IssuedAt = now,
            };
            db.NoticeVersions.Add(version);
            reissued.Add(new ReissuedNotice(registration.Id, registration.CoverageYear, version.Version, issued.BenefitsFrom, result.WaitingPeriod?.BenefitsFrom,
                issued.Months, result.WaitingPeriod?.TotalMonths));
        }

        return reissued;
    }

    private static async Task<List<ReissuedNotice>> NoticesOfAsync(MedicalInsuranceDbContext db, long reviewId, CancellationToken cancellationToken)
    {
        var versions = await (from v in db.NoticeVersions.AsNoTracking()
                              join r in db.Registrations.AsNoTracking() on v.RegistrationId equals r.Id
                              where v.ReviewId == reviewId
                              orderby r.CoverageYear
                              select new { v.RegistrationId, r.CoverageYear, v.Version, v.DecisionSnapshot, Registered = r.DecisionSnapshot }).ToListAsync(cancellationToken);
        var notices = new List<ReissuedNotice>(versions.Count);
        foreach (var v in versions)
        {
            var previous = v.Version == 2 ? v.Registered
                : await db.NoticeVersions.AsNoTracking().Where(p => p.RegistrationId == v.RegistrationId && p.Version == v.Version - 1).Select(p => p.DecisionSnapshot).SingleAsync(cancellationToken);
            var (was, now) = (Decision(previous), Decision(v.DecisionSnapshot));
            notices.Add(new ReissuedNotice(v.RegistrationId, v.CoverageYear, v.Version, was.BenefitsFrom, now.BenefitsFrom, was.Months, now.Months));
        }

        return notices;
    }

    /// <summary>The first day of benefits and the waiting months of a stored snapshot (null where it has no decision).</summary>
    private static (DateOnly? BenefitsFrom, int? Months) Decision(string snapshot)
    {
        using var document = JsonDocument.Parse(snapshot);
        return document.RootElement.TryGetProperty("waitingPeriod", out var decision) && decision.ValueKind == JsonValueKind.Object
            ? (DateOnly.ParseExact(decision.GetProperty("benefitsFrom").GetString()!, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), decision.GetProperty("totalMonths").GetInt32())
            : (null, null);
    }

    private static int AgeDays(DateTimeOffset openedAt, DateOnly today) =>
        Math.Max(0, today.DayNumber - DateOnly.FromDateTime(Domain.Time.ChinaCalendar.ToChinaTime(openedAt).DateTime).DayNumber);
}
