using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>Opens a new file: the ID number checked (GB 11643) and stored with an upper-case X, birth date and sex derived from it.</summary>
public sealed class PersonFileCreation(IDbContextFactory<MedicalInsuranceDbContext> factory, Parameters.PolicyCatalogProvider catalogs, TimeProvider time, ReadRouting? reads = null)
{
    public static CreationOutcome.Invalid? Validate(NewPerson person, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(regions);
        if (!IdNumber.TryParse(person.IdNumber, out _, out var idError))
        {
            return new CreationOutcome.Invalid(nameof(NewPerson.IdNumber), idError!);
        }

        var name = person.Name?.Trim() ?? "";
        if (name.Length is 0 or > 64)
        {
            return new CreationOutcome.Invalid(nameof(NewPerson.Name), "请填写姓名（不超过64个字）");
        }

        if (!regions.IsCounty(person.HouseholdCounty) || !regions.IsServed(person.HouseholdCounty))
        {
            return new CreationOutcome.Invalid(nameof(NewPerson.HouseholdCounty), "户籍所在县区须为本系统所辖的县级行政区划");
        }

        if (person.Phone is { Length: > 0 } phone && (phone.Length > 32 || !phone.All(c => char.IsAsciiDigit(c) || c is '-' or '+' or ' ')))
        {
            return new CreationOutcome.Invalid(nameof(NewPerson.Phone), "联系电话只能包含数字、空格、+ 和 -");
        }

        return null;
    }

    public async Task<CreationOutcome> CreateAsync(NewPerson person, UserScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (Validate(person, RegionDirectory.Shipped) is { } invalid)
        {
            return invalid;
        }

        if (!scope.CanRegister || !scope.Covers(person.HouseholdCounty))
        {
            return new CreationOutcome.Invalid(nameof(NewPerson.HouseholdCounty), "只能为本县（区）户籍人员建档");
        }

        var actor = scope.Actor;
        var id = IdNumber.Parse(person.IdNumber);
        var catalog = await catalogs.GetAsync(cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var entity = new Person
        {
            IdNumber = id.Value,
            Name = person.Name.Trim(),
            BirthDate = id.BirthDate,
            Sex = id.Sex,
            HouseholdCounty = person.HouseholdCounty,
            Phone = string.IsNullOrWhiteSpace(person.Phone) ? null : person.Phone.Trim(),
            Notes = string.IsNullOrWhiteSpace(person.Notes) ? null : person.Notes.Trim(),
            CreatedAt = time.GetUtcNow(),
        };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Asked first, not left to the unique index: PostgreSQL logs every unique violation with its key, the full ID
        // number. The index stays the guard for two clerks creating the same file at once.
        if (await ExistingAsync(db, id, scope, cancellationToken) is { } exists)
        {
            await transaction.RollbackAsync(cancellationToken);
            return exists;
        }

        try
        {
            db.Persons.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            AuditLog.Add(db, actor, "create", entity.Id, new { county = entity.HouseholdCounty, id = id.Masked });
            await db.SaveChangesAsync(cancellationToken);
            // An empty file counts in its county's figures (persons in the file, the years it is not insured) from now on.
            await ComputedResults.ReplaceAsync(db, [new PersonFile(entity)], Domain.Time.ChinaCalendar.Today(time), catalog, RegionDirectory.Shipped, entity.CreatedAt, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await reads.AfterWriteAsync(scope, cancellationToken);
            return new CreationOutcome.Created(entity.Id);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            await using var lookup = await factory.CreateDbContextAsync(cancellationToken);
            if (await ExistingAsync(lookup, id, scope, cancellationToken) is { } raced)
            {
                return raced;
            }

            throw;
        }
    }

    /// <summary>The answer for a number that already has a file; a file of another county is not shown, only that one exists.</summary>
    private static async Task<CreationOutcome.Exists?> ExistingAsync(MedicalInsuranceDbContext db, IdNumber id, UserScope scope, CancellationToken cancellationToken)
    {
        var existing = await db.Persons.Where(p => p.IdNumber == id.Value).Select(p => new { p.Id, p.HouseholdCounty }).FirstOrDefaultAsync(cancellationToken);
        return existing is null ? null : new CreationOutcome.Exists(scope.Covers(existing.HouseholdCounty) ? existing.Id : null);
    }
}
