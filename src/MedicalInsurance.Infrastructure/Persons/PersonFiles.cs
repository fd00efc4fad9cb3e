using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>Loads files: one round trip each, no tracking.</summary>
public static class PersonFiles
{
    private static readonly Func<MedicalInsuranceDbContext, long, CancellationToken, Task<Person?>> ById =
        EF.CompileAsyncQuery((MedicalInsuranceDbContext db, long id, CancellationToken _) =>
            db.Persons.AsNoTracking().AsSingleQuery().Include(p => p.Coverages).Include(p => p.Claims).FirstOrDefault(p => p.Id == id));

    private static readonly Func<MedicalInsuranceDbContext, string, CancellationToken, Task<Person?>> ByIdNumber =
        EF.CompileAsyncQuery((MedicalInsuranceDbContext db, string idNumber, CancellationToken _) =>
            db.Persons.AsNoTracking().AsSingleQuery().Include(p => p.Coverages).Include(p => p.Claims).FirstOrDefault(p => p.IdNumber == idNumber));

    public static async Task<PersonFile?> LoadAsync(MedicalInsuranceDbContext db, long personId, CancellationToken cancellationToken = default) =>
        await ById(db, personId, cancellationToken) is { } person ? new PersonFile(person) : null;

    public static async Task<PersonFile?> LoadByIdNumberAsync(MedicalInsuranceDbContext db, string idNumber, CancellationToken cancellationToken = default) =>
        await ByIdNumber(db, idNumber, cancellationToken) is { } person ? new PersonFile(person) : null;
}
