using System.Globalization;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Reviews;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A clerk merges a newborn file into the child's person file by hand where the population merge could not decide
/// (docs/decisions/0009): from the newborns list (the clerk types the child's ID number) or from a NewbornUnmatched item of
/// the review queue (the clerk picks the file among the candidates). Checked — the file open and in the clerk's scope, the
/// person on file and in scope, the birth dates equal, no other newborn file merged into the person — and written in one
/// transaction: the file points at the person, the person's open NewbornUnmatched items are resolved, and a
/// <c>newborn-merged</c> audit entry names the clerk, the file and its certificate (masked) on the person.
/// </summary>
public sealed class NewbornMerges(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time, ReadRouting? reads = null)
{
    /// <summary>Merges the newborn file into the file of the person with <paramref name="idNumber"/> (looked up by its index).</summary>
    public async Task<NewbornMergeOutcome> MergeAsync(UserScope scope, long newbornFileId, string? idNumber, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!IdNumber.TryParse(idNumber?.Trim(), out var id, out var error))
        {
            return new NewbornMergeOutcome.Invalid("idNumber", error!);
        }

        // The same look-up as elsewhere: the number sent as character(18), so ix_persons_id_number is used.
        return await MergeAsync(scope, newbornFileId, "id_number = @key", new NpgsqlParameter("key", NpgsqlDbType.Char) { Value = id.Value }, cancellationToken);
    }

    /// <summary>Merges the newborn file into a queued person's file (the candidate the clerk picked on the review queue).</summary>
    public Task<NewbornMergeOutcome> MergeIntoAsync(UserScope scope, long newbornFileId, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return MergeAsync(scope, newbornFileId, "id = @key", new NpgsqlParameter("key", NpgsqlDbType.Bigint) { Value = personId }, cancellationToken);
    }

    /// <summary>
    /// The open newborn files that may be the person's: the same birth date, and the mother in the person's household or the
    /// file's county where the person is registered or lives; within the caller's scope, masked. Empty outside scope.
    /// </summary>
    public async Task<IReadOnlyList<NewbornCandidate>> CandidatesAsync(UserScope scope, long personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.BirthDate, p.HouseholdCounty, p.LivesInCounty, p.HouseholdNumber }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !(scope.Covers(person.HouseholdCounty) || scope.Covers(person.LivesInCounty)))
        {
            return [];
        }

        // Open files of that birth date are few (ix_newborn_files_open_county, then the mother by her ID number).
        var files = await (from n in db.NewbornFiles.AsNoTracking()
                           where n.PersonId == null && n.BirthDate == person.BirthDate
                           let mother = db.Persons.FirstOrDefault(m => m.IdNumber == n.MotherIdNumber)
                           where n.County == person.HouseholdCounty || n.County == person.LivesInCounty
                                 || (mother != null && person.HouseholdNumber != null && mother.HouseholdCounty == person.HouseholdCounty && mother.HouseholdNumber == person.HouseholdNumber)
                           orderby n.Id
                           select new { n.Id, n.CertificateNumber, n.Name, n.BirthDate, n.MotherIdNumber, n.County })
            .ToListAsync(cancellationToken);
        return files.Select(n => new NewbornCandidate(n.Id, BirthCertificateNumber.Parse(n.CertificateNumber).Masked, n.Name is null ? null : PersonalData.MaskName(n.Name),
            n.BirthDate, IdNumber.Parse(n.MotherIdNumber).Masked, n.County)).ToList();
    }

    private async Task<NewbornMergeOutcome> MergeAsync(UserScope scope, long newbornFileId, string personFilter, NpgsqlParameter personKey, CancellationToken cancellationToken)
    {
        if (!scope.CanRegister)
        {
            return new NewbornMergeOutcome.NotAllowed();
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Both rows locked until commit: of two clerks merging at once, the second finds the file merged.
        var file = (await db.NewbornFiles.FromSql($"select * from newborn_files where id = {newbornFileId} for update").ToListAsync(cancellationToken)).SingleOrDefault();
        var motherCounty = file is null ? null
            : await db.Persons.Where(m => m.IdNumber == file.MotherIdNumber).Select(m => m.HouseholdCounty).FirstOrDefaultAsync(cancellationToken);
        if (file is null || !(scope.Covers(file.County) || (motherCounty is not null && scope.Covers(motherCounty))))
        {
            return new NewbornMergeOutcome.NotFound();
        }

        if (file.PersonId is not null)
        {
            return new NewbornMergeOutcome.Invalid("newbornFile", "该出生医学证明已并入档案，不能再次合并。");
        }

        var sql = "select * from persons where " + personFilter + " for update";
        var person = (await db.Persons.FromSqlRaw(sql, personKey).ToListAsync(cancellationToken)).SingleOrDefault();
        if (person is null || !(scope.Covers(person.HouseholdCounty) || scope.Covers(person.LivesInCounty)))
        {
            return new NewbornMergeOutcome.Invalid("idNumber", "您的辖区内没有该身份证号的档案。");
        }

        if (person.BirthDate != file.BirthDate)
        {
            return new NewbornMergeOutcome.Invalid("idNumber", "出生日期不符：出生医学证明为{0}，该档案为{1}，不能合并。",
                file.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), person.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (await db.NewbornFiles.AnyAsync(n => n.PersonId == person.Id, cancellationToken))
        {
            return new NewbornMergeOutcome.Invalid("idNumber", "该档案已并入另一份出生医学证明，不能再合并。");
        }

        var now = time.GetUtcNow();
        file.PersonId = person.Id;
        file.MergedAt = now;
        file.MergedByImportId = null;
        var items = await db.ReviewQueueItems.Where(i => i.PersonId == person.Id && i.ResolvedAt == null && i.Kind == ReviewQueueItemKind.NewbornUnmatched)
            .ToListAsync(cancellationToken);
        foreach (var item in items)
        {
            item.ResolvedAt = now;
            item.ResolvedBy = scope.UserName;
        }

        AuditLog.Add(db, scope.Actor, "newborn-merged", person.Id, new
        {
            newbornFile = file.Id,
            certificate = BirthCertificateNumber.Parse(file.CertificateNumber).Masked,
            rule = "clerk",
            items = items.Select(i => i.Id),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another newborn file was merged into the person meanwhile (the unique person_id): nothing of this one is written.
            return new NewbornMergeOutcome.Invalid("idNumber", "该档案已并入另一份出生医学证明，不能再合并。");
        }

        await transaction.CommitAsync(cancellationToken);
        await reads.AfterWriteAsync(scope, cancellationToken);
        return new NewbornMergeOutcome.Merged(file.Id, person.Id, items.Count);
    }
}
