using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A listed person's name and phone in full, one at a time, for the population lists (the uninsured, the duplicates): for
/// a caller whose county registers the person or whose county they live in, and audited with the list it was asked from.
/// </summary>
internal static class ListReveal
{
    public static async Task<RevealedContact?> RevealAsync(IDbContextFactory<MedicalInsuranceDbContext> factory, UserScope scope, long personId, string list,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.Name, p.Phone, p.HouseholdCounty, p.LivesInCounty }).FirstOrDefaultAsync(cancellationToken);
        if (person is null || !(scope.Covers(person.HouseholdCounty) || scope.Covers(person.LivesInCounty)))
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reveal", personId, new { field = "phone", list });
        await db.SaveChangesAsync(cancellationToken);
        return new RevealedContact(person.Name, person.Phone);
    }

    /// <summary>
    /// A newborn file's name (empty while unnamed) and its mother's phone, for a caller whose scope covers the file's county
    /// (the births extract's residence) or the mother's household; audited with the file.
    /// </summary>
    public static async Task<RevealedContact?> RevealNewbornAsync(IDbContextFactory<MedicalInsuranceDbContext> factory, UserScope scope, long newbornFileId, string list,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var file = await (from n in db.NewbornFiles.AsNoTracking()
                          where n.Id == newbornFileId
                          let mother = db.Persons.FirstOrDefault(m => m.IdNumber == n.MotherIdNumber)
                          select new { n.Name, n.County, MotherCounty = mother == null ? null : mother.HouseholdCounty, Phone = mother == null ? null : mother.Phone })
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null || !(scope.Covers(file.County) || (file.MotherCounty is { } county && scope.Covers(county))))
        {
            return null;
        }

        AuditLog.Add(db, scope.Actor, "reveal", null, new { field = "phone", list, newbornFile = newbornFileId });
        await db.SaveChangesAsync(cancellationToken);
        return new RevealedContact(file.Name ?? "", file.Phone);
    }
}
