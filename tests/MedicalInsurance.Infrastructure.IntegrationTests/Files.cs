using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Readable test data: files written straight to the database, and the services under a fixed clock.</summary>
internal sealed class Files(IDbContextFactory<MedicalInsuranceDbContext> factory)
{
    /// <summary>2026-11-23 10:00 in Beijing: the 2027 collection period is open.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    public DateOnly Today => Domain.Time.ChinaCalendar.Today(Clock);

    public PolicyCatalogProvider Catalogs => new(factory, Clock);

    public Registrations Registrations => new(factory, Catalogs, Clock);

    public CoverElsewhere CoverElsewhere => new(factory, Catalogs, Clock);

    /// <summary>A clerk of 石家庄市长安区 (130102) unless told otherwise.</summary>
    public static Security.UserScope Clerk(string user = "clerk1", string county = "130102", string? address = null) =>
        Security.UserScope.For(user, Security.Roles.Clerk, county, Regions.RegionDirectory.Shipped, address);

    /// <summary>A valid ID number for a person born on <paramref name="birth"/> in <paramref name="county"/>, unique in the test run.</summary>
    public static string NewIdNumber(string county = "130102", string birth = "1980-05-06") =>
        Testing.TestIdNumbers.Next(county, DateOnly.ParseExact(birth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A person of county 130102 (石家庄市长安区), resident-insured on time in the given years.</summary>
    public async Task<long> AddPersonAsync(string county = "130102", string birth = "1980-05-06", params int[] residentYears)
    {
        await using var db = await factory.CreateDbContextAsync();
        var id = IdNumber.Parse(NewIdNumber(county, birth));
        var person = new Person { IdNumber = id.Value, Name = "测试人", BirthDate = id.BirthDate, Sex = id.Sex, HouseholdCounty = county, Phone = "13800000000" };
        foreach (var year in residentYears)
        {
            person.Coverages.Add(new Coverage { Year = year, Scheme = Scheme.Resident, PaidOn = new DateOnly(year - 1, 11, 1), Amount = 400m, PoolingRegion = "130100", Origin = CoverageOrigin.Import });
        }

        db.Persons.Add(person);
        await db.SaveChangesAsync();
        return person.Id;
    }

    public async Task<T> QueryAsync<T>(Func<MedicalInsuranceDbContext, Task<T>> query)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }
}
