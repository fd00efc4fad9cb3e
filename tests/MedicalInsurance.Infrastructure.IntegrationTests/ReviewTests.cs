using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Reviews (复核): a clerk opens one with the evidence, a supervisor accepts (the file corrected, recomputed, notices issued again) or rejects.</summary>
public sealed class ReviewTests(MigratedDatabase database) : IClassFixture<MigratedDatabase>
{
    private readonly Files _files = new(database.ContextFactory);

    private FileReviews Reviews => new(database.ContextFactory, _files.Catalogs, _files.Clock);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static UserScope Supervisor(string city = "130100") => UserScope.For("supervisor1", Roles.Supervisor, city, RegionDirectory.Shipped);

    /// <summary>A one-page PDF's first bytes are enough: the type is told by the signature.</summary>
    private static EvidenceUpload Pdf(string name = "税票.pdf", int size = 2048) =>
        new(name, "application/pdf", [.. "%PDF-1.7\n"u8, .. Enumerable.Repeat((byte)' ', size - 9)]);

    /// <summary>Insured 2024 on time, then 2025 and 2026 missed: a registration for 2027 in the open collection period waits.</summary>
    private async Task<(long PersonId, RegistrationOutcome.Registered Registered)> ReturningAsync()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var request = new RegistrationRequest(id, new PendingEnrollment(2027, new DateOnly(2026, 11, 20), EnrollmentGroup.Ordinary, null, 0, null, false), 400m);
        return (id, Assert.IsType<RegistrationOutcome.Registered>(await _files.Registrations.RegisterAsync(request, Files.Clerk(), Ct)));
    }

    private static OpenReviewRequest LostPayment(long personId) =>
        new(personId, 2025, ReviewKind.PaymentLost, "2025年度已在税务窗口缴费，系统中无记录", "税票 2024-3301", null,
            Scheme.Resident, new DateOnly(2024, 11, 15), 380m, EnrollmentGroup.Ordinary, "130102");

    [Fact]
    public async Task Accept_APaymentTheTaxSystemLost_AddsTheRecord_AuditsBeforeAndAfter_Recomputes_AndReissuesTheNotice()
    {
        var (id, registered) = await ReturningAsync();
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id) with { Evidence = [Pdf()] }, Files.Clerk(), Ct));
        var preview = (await Reviews.GetAsync(opened.ReviewId, Supervisor(), Ct))!;
        await _files.QueryAsync(db => db.DashboardPending.ExecuteDeleteAsync(Ct));

        var outcome = await Reviews.AcceptAsync(opened.ReviewId, "  税务系统补传缴费记录，核实无误  ", Supervisor(), Ct);

        // What the supervisor saw before deciding: 2025 insured after, and the registered year's waiting period shorter.
        Assert.Null(preview.Blocked);
        Assert.Contains(preview.Impact, i => i.Year == 2025 && !i.InsuredBefore && i.InsuredAfter);
        Assert.Contains(preview.Impact, i => i.Year == 2027 && i.MonthsAfter < i.MonthsBefore);
        var accepted = Assert.IsType<DecisionOutcome.Accepted>(outcome);
        var reissued = Assert.Single(accepted.Notices);
        Assert.Equal((registered.RegistrationId, 2027, 2), (reissued.RegistrationId, reissued.CoverageYear, reissued.Version));
        Assert.True(reissued.MonthsAfter < reissued.MonthsBefore, $"{reissued.MonthsBefore} → {reissued.MonthsAfter}");
        Assert.True(reissued.BenefitsFromAfter < reissued.BenefitsFromBefore);

        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var record = await db.Coverages.SingleAsync(c => c.PersonId == id && c.Year == 2025, Ct);
        Assert.Equal((Scheme.Resident, (DateOnly?)new DateOnly(2024, 11, 15), (decimal?)380m, "130102", "130100", CoverageOrigin.Review, (string?)null),
            (record.Scheme, record.PaidOn, record.Amount, record.County, record.PoolingRegion, record.Origin, record.Evidence));
        var review = await db.Reviews.SingleAsync(r => r.Id == opened.ReviewId, Ct);
        Assert.Equal((ReviewStatus.Accepted, "supervisor1", "税务系统补传缴费记录，核实无误", (long?)record.Id), (review.Status, review.DecidedBy, review.DecisionReason, review.CoverageId));

        var audit = await db.AuditEntries.SingleAsync(a => a.PersonId == id && a.Action == "reviewAccept", Ct);
        using (var details = JsonDocument.Parse(audit.Details!))
        {
            Assert.Equal(JsonValueKind.Null, details.RootElement.GetProperty("before").ValueKind);
            var after = details.RootElement.GetProperty("after");
            Assert.Equal(("Resident", "2024-11-15", 380m, "Ordinary"), (after.GetProperty("scheme").GetString(), after.GetProperty("paidOn").GetString(), after.GetProperty("amount").GetDecimal(), after.GetProperty("group").GetString()));
            Assert.Equal(registered.RegistrationId, details.RootElement.GetProperty("notices")[0].GetProperty("registration").GetInt64());
        }

        // Recomputed in the same transaction: 2025 insured, 2027 after one break year, the county marked for the dashboards.
        var results = await db.ComputedResults.Where(r => r.PersonId == id).ToDictionaryAsync(r => r.Year, Ct);
        Assert.True(results[2025].ResidentInsured);
        Assert.Equal(1, results[2027].BreakYears);
        Assert.Equal(reissued.BenefitsFromAfter, results[2027].BenefitsFrom);
        Assert.True(await db.DashboardPending.AnyAsync(p => p.County == "130102", Ct));

        // The notice: the latest version by default, with the new decision; the first still as issued.
        var latest = (await _files.Registrations.NoticeAsync(registered.RegistrationId, Supervisor(), Ct))!;
        var first = (await _files.Registrations.NoticeAsync(registered.RegistrationId, Supervisor(), 1, Ct))!;
        Assert.Equal((2, 2, (long?)opened.ReviewId), (latest.Version, latest.LatestVersion, latest.ReviewId));
        Assert.Equal(reissued.BenefitsFromAfter!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            JsonDocument.Parse(Registrations.DecisionOf(latest.Snapshot)).RootElement.GetProperty("benefitsFrom").GetString());
        Assert.Equal((1, registered.Snapshot), (first.Version, first.Snapshot));
        Assert.Equal(registered.Snapshot, await db.Registrations.Where(r => r.Id == registered.RegistrationId).Select(r => r.DecisionSnapshot).SingleAsync(Ct));
    }

    [Fact]
    public async Task Accept_AWrongGroup_CorrectsTheStoredRecordInPlace_AuditsBeforeAndAfter()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025, 2026]);
        var record = await _files.QueryAsync(db => db.Coverages.SingleAsync(c => c.PersonId == id && c.Year == 2026, Ct));
        var request = new OpenReviewRequest(id, 2026, ReviewKind.WrongGroup, "2026年度属医疗救助资助参保对象", "民政资助名单 2025-17", record.Id,
            Scheme.Resident, record.PaidOn, record.Amount, EnrollmentGroup.MedicalAid, "130102");
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(request, Files.Clerk(), Ct));

        var accepted = Assert.IsType<DecisionOutcome.Accepted>(await Reviews.AcceptAsync(opened.ReviewId, "名单核实", Supervisor(), Ct));

        Assert.Empty(accepted.Notices);
        var corrected = await _files.QueryAsync(db => db.Coverages.Where(c => c.PersonId == id && c.Year == 2026).ToListAsync(Ct));
        Assert.Equal((record.Id, EnrollmentGroup.MedicalAid, record.PaidOn, CoverageOrigin.Import), (Assert.Single(corrected).Id, corrected[0].Group, corrected[0].PaidOn, corrected[0].Origin));
        var audit = await _files.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.PersonId == id && a.Action == "reviewAccept", Ct));
        using var details = JsonDocument.Parse(audit.Details!);
        Assert.Equal(("Ordinary", "MedicalAid"), (details.RootElement.GetProperty("before").GetProperty("group").GetString(), details.RootElement.GetProperty("after").GetProperty("group").GetString()));
        Assert.Equal(record.Id, details.RootElement.GetProperty("coverage").GetInt64());
    }

    [Fact]
    public async Task Reject_ChangesNothing_RecordsTheReason_AndCannotBeDecidedAgain()
    {
        var (id, registered) = await ReturningAsync();
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id), Files.Clerk(), Ct));
        var before = await SnapshotAsync(id);

        var rejected = await Reviews.RejectAsync(opened.ReviewId, "税务系统无此缴费，凭证不能证明已缴费", Supervisor(), Ct);

        Assert.IsType<DecisionOutcome.Rejected>(rejected);
        Assert.Equal(before, await SnapshotAsync(id));
        var review = await _files.QueryAsync(db => db.Reviews.SingleAsync(r => r.Id == opened.ReviewId, Ct));
        Assert.Equal((ReviewStatus.Rejected, "supervisor1", "税务系统无此缴费，凭证不能证明已缴费", (long?)null), (review.Status, review.DecidedBy, review.DecisionReason, review.CoverageId));
        Assert.Contains("凭证不能证明", await _files.QueryAsync(db => db.AuditEntries.Where(a => a.PersonId == id && a.Action == "reviewReject").Select(a => a.Details).SingleAsync(Ct)), StringComparison.Ordinal);
        Assert.Equal(1, (await _files.Registrations.NoticeAsync(registered.RegistrationId, Supervisor(), Ct))!.LatestVersion);
        Assert.IsType<DecisionOutcome.AlreadyDecided>(await Reviews.AcceptAsync(opened.ReviewId, "再次审核", Supervisor(), Ct));
        Assert.Equal(before, await SnapshotAsync(id));
        // Decided, the year may be reviewed again.
        Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id) with { Claim = "补充新的完税凭证" }, Files.Clerk(), Ct));
    }

    [Fact]
    public async Task Decide_WithoutAReason_ByAClerk_OrOnARecordAVoidDeleted_IsRefused_AndChangesNothing()
    {
        var (id, registered) = await ReturningAsync();
        var request = new OpenReviewRequest(id, 2027, ReviewKind.WrongPayment, "缴费日期应为11月18日", "税票 2026-0001", registered.CoverageId,
            Scheme.Resident, new DateOnly(2026, 11, 18), 400m, EnrollmentGroup.Ordinary, "130102");
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(request, Files.Clerk(), Ct));

        Assert.IsType<DecisionOutcome.Refused>(await Reviews.AcceptAsync(opened.ReviewId, "  ", Supervisor(), Ct));
        Assert.IsType<DecisionOutcome.NotAllowed>(await Reviews.AcceptAsync(opened.ReviewId, "核实", Files.Clerk(), Ct));
        Assert.IsType<ReviewOutcome.NotAllowed>(await Reviews.OpenAsync(request, Supervisor(), Ct));
        var again = Assert.IsType<ReviewOutcome.AlreadyOpen>(await Reviews.OpenAsync(request, Files.Clerk("clerk2"), Ct));
        Assert.Equal(opened.ReviewId, again.ReviewId);
        Assert.IsType<VoidOutcome.Voided>(await _files.Registrations.VoidAsync(registered.RegistrationId, "登记有误", Supervisor(), Ct));
        var before = await SnapshotAsync(id);

        var refused = Assert.IsType<DecisionOutcome.Refused>(await Reviews.AcceptAsync(opened.ReviewId, "核实", Supervisor(), Ct));

        Assert.Contains("已被修改或删除", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(id));
        Assert.Equal(ReviewStatus.Open, await _files.QueryAsync(db => db.Reviews.Where(r => r.Id == opened.ReviewId).Select(r => r.Status).SingleAsync(Ct)));
        Assert.NotNull((await Reviews.GetAsync(opened.ReviewId, Supervisor(), Ct))!.Blocked);
    }

    [Fact]
    public async Task Open_ACorrectionThatChangesNothing_OrARecordTheYearHas_IsRefusedByField()
    {
        var id = await _files.AddPersonAsync(residentYears: [2025, 2026]);
        var record = await _files.QueryAsync(db => db.Coverages.SingleAsync(c => c.PersonId == id && c.Year == 2026, Ct));
        var same = new OpenReviewRequest(id, 2026, ReviewKind.WrongPayment, "缴费日期有误", "税票", record.Id, Scheme.Resident, record.PaidOn, record.Amount, record.Group, "130102");
        await _files.QueryAsync(db => db.Coverages.Where(c => c.Id == record.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.County, "130102"), Ct));

        var unchanged = await Reviews.OpenAsync(same, Files.Clerk(), Ct);
        var duplicate = await Reviews.OpenAsync(LostPayment(id), Files.Clerk(), Ct);
        var noRecord = await Reviews.OpenAsync(same with { CoverageId = null }, Files.Clerk(), Ct);
        var future = await Reviews.OpenAsync(same with { PaidOn = new DateOnly(2027, 1, 5) }, Files.Clerk(), Ct);

        Assert.Equal(FileReviews.CorrectionField, Assert.IsType<ReviewOutcome.Invalid>(unchanged).Field);
        Assert.Equal(nameof(OpenReviewRequest.Scheme), Assert.IsType<ReviewOutcome.Invalid>(duplicate).Field);
        Assert.Equal(nameof(OpenReviewRequest.CoverageId), Assert.IsType<ReviewOutcome.Invalid>(noRecord).Field);
        Assert.Equal(nameof(OpenReviewRequest.PaidOn), Assert.IsType<ReviewOutcome.Invalid>(future).Field);
        Assert.False(await _files.QueryAsync(db => db.Reviews.AnyAsync(r => r.PersonId == id, Ct)));
    }

    [Fact]
    public async Task Upload_TooLarge_NotAScan_OrRenamed_IsRefused_AndAGoodScanIsKept_AndServedOnlyInScope()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var tooLarge = Pdf("大.pdf", EvidenceFiles.MaxBytes + 1);
        var gif = new EvidenceUpload("图.gif", "image/gif", [.. "GIF89a"u8, 1, 0, 1, 0]);
        var renamed = new EvidenceUpload("扫描.pdf", "application/pdf", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]);
        var empty = new EvidenceUpload("空.pdf", "application/pdf", []);

        var refused = new List<ReviewOutcome>();
        foreach (var scan in new[] { tooLarge, gif, renamed, empty })
        {
            refused.Add(await Reviews.OpenAsync(LostPayment(id) with { Evidence = [scan] }, Files.Clerk(), Ct));
        }

        var invalid = refused.Select(r => Assert.IsType<ReviewOutcome.Invalid>(r)).ToList();
        Assert.All(invalid, r => Assert.Equal(FileReviews.EvidenceField, r.Field));
        Assert.Equal(["扫描件“大.pdf”超过5 MB。", "扫描件“图.gif”不是 PDF、JPEG 或 PNG 文件。", "扫描件“扫描.pdf”的内容与其文件类型不符。", "扫描件“空.pdf”是空文件。"],
            invalid.Select(r => r.Message));
        Assert.False(await _files.QueryAsync(db => db.Reviews.AnyAsync(r => r.PersonId == id, Ct)));

        var png = new EvidenceUpload(@"C:\扫描\证明.png", null, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3]);
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id) with { Evidence = [Pdf(), png] }, Files.Clerk(), Ct));
        Assert.Equal(FileReviews.EvidenceField, Assert.IsType<ReviewOutcome.Invalid>(await Reviews.AddEvidenceAsync(opened.ReviewId, tooLarge, Files.Clerk(), Ct)).Field);
        var again = Assert.IsType<ReviewOutcome.EvidenceAdded>(await Reviews.AddEvidenceAsync(opened.ReviewId, png, Files.Clerk(), Ct));

        var detail = (await Reviews.GetAsync(opened.ReviewId, Files.Clerk(), Ct))!;
        Assert.Equal([("税票.pdf", EvidenceFiles.Pdf), ("证明.png", EvidenceFiles.Png)], detail.Evidence.Select(e => (e.FileName, e.ContentType)));
        Assert.Equal(detail.Evidence[1].Id, again.EvidenceId);
        var served = (await Reviews.EvidenceAsync(opened.ReviewId, detail.Evidence[1].Id, Supervisor(), Ct))!;
        Assert.Equal(EvidenceFiles.Png, served.ContentType);
        Assert.Equal(png.Content, served.Content);
        Assert.Null(await Reviews.EvidenceAsync(opened.ReviewId, detail.Evidence[1].Id, Supervisor("230100"), Ct));
        Assert.Null(await Reviews.EvidenceAsync(opened.ReviewId + 1, detail.Evidence[1].Id, Supervisor(), Ct));
        Assert.Equal(1, await _files.QueryAsync(db => db.AuditEntries.CountAsync(a => a.PersonId == id && a.Action == "reviewScan" && a.UserName == "supervisor1", Ct)));
    }

    [Fact]
    public async Task Scope_AnotherCountysClerkAndCitysSupervisor_CannotSeeOrActOnAReview()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var opened = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id) with { Evidence = [Pdf()] }, Files.Clerk(), Ct));
        var evidence = (await Reviews.GetAsync(opened.ReviewId, Files.Clerk(), Ct))!.Evidence[0].Id;
        var otherClerk = Files.Clerk("clerk.daoli", "230102");
        var otherSupervisor = Supervisor("230100");

        Assert.IsType<ReviewOutcome.NotFound>(await Reviews.OpenAsync(LostPayment(id) with { Year = 2026 }, otherClerk, Ct));
        Assert.Null(await Reviews.GetAsync(opened.ReviewId, otherClerk, Ct));
        Assert.Null(await Reviews.OfPersonAsync(id, otherClerk, Ct));
        Assert.Null(await Reviews.EvidenceAsync(opened.ReviewId, evidence, otherClerk, Ct));
        Assert.DoesNotContain((await Reviews.ListAsync(otherClerk, cancellationToken: Ct)).Rows, r => r.Id == opened.ReviewId);
        Assert.IsType<ReviewOutcome.NotFound>(await Reviews.AddEvidenceAsync(opened.ReviewId, Pdf("另.pdf", 100), otherClerk, Ct));
        Assert.IsType<DecisionOutcome.NotFound>(await Reviews.AcceptAsync(opened.ReviewId, "核实", otherSupervisor, Ct));
        Assert.IsType<DecisionOutcome.NotFound>(await Reviews.RejectAsync(opened.ReviewId, "核实", otherSupervisor, Ct));

        Assert.Equal(ReviewStatus.Open, await _files.QueryAsync(db => db.Reviews.Where(r => r.Id == opened.ReviewId).Select(r => r.Status).SingleAsync(Ct)));
        Assert.Equal(1, await _files.QueryAsync(db => db.ReviewEvidence.CountAsync(e => e.ReviewId == opened.ReviewId, Ct)));
        // In scope, the list has it with its age and the county's count; names and ID numbers masked.
        var listed = await Reviews.ListAsync(Supervisor(), cancellationToken: Ct);
        var row = Assert.Single(listed.Rows, r => r.Id == opened.ReviewId);
        Assert.Equal(("测*人", 0), (row.MaskedName, row.AgeDays));
        Assert.StartsWith("**************", row.MaskedIdNumber, StringComparison.Ordinal);
        Assert.Contains(listed.Counties, c => c.County == "130102" && c.Open >= 1);
    }

    [Fact]
    public async Task List_OpenReviews_ShowTheirAgeInDays_OldestFirst()
    {
        var id = await _files.AddPersonAsync(residentYears: [2024]);
        var old = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id), Files.Clerk(), Ct));
        var recent = Assert.IsType<ReviewOutcome.Opened>(await Reviews.OpenAsync(LostPayment(id) with { Year = 2026, PaidOn = new DateOnly(2025, 11, 3) }, Files.Clerk(), Ct));
        // Opened twelve days ago (the clock is fixed; the row is dated back).
        await _files.QueryAsync(db => db.Reviews.Where(r => r.Id == old.ReviewId).ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenedAt, _files.Clock.GetUtcNow().AddDays(-12)), Ct));

        var listed = await Reviews.ListAsync(Files.Clerk(), cancellationToken: Ct);

        var mine = listed.Rows.Where(r => r.PersonId == id).ToList();
        Assert.Equal([(old.ReviewId, 12), (recent.ReviewId, 0)], mine.Select(r => (r.Id, r.AgeDays)));
        Assert.True(listed.Counties.Single(c => c.County == "130102").OldestDays >= 12);
    }

    /// <summary>Everything a decision could change on a file: its records, its results, its notices, its registrations.</summary>
    private Task<string> SnapshotAsync(long personId) => _files.QueryAsync(async db =>
    {
        var records = await db.Coverages.Where(c => c.PersonId == personId).OrderBy(c => c.Id)
            .Select(c => $"{c.Id}|{c.Year}|{c.Scheme}|{c.PaidOn}|{c.Amount}|{c.Group}|{c.County}|{c.Origin}").ToListAsync(Ct);
        var results = await db.ComputedResults.Where(r => r.PersonId == personId).OrderBy(r => r.Year)
            .Select(r => $"{r.Year}|{r.ResidentInsured}|{r.BreakYears}|{r.CapEffective}|{r.WaitingMonths}|{r.BenefitsFrom}|{r.ComputedAt}").ToListAsync(Ct);
        var notices = await db.NoticeVersions.CountAsync(v => db.Registrations.Any(r => r.Id == v.RegistrationId && r.PersonId == personId), Ct);
        return string.Join("\n", records.Concat(results).Append($"notices {notices}"));
    });
}
