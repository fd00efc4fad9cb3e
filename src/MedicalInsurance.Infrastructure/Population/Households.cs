using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A person's household at the counter: every member of the same household number in the same registered county, masked,
/// and whether each holds cover for the year being collected — so a clerk can ask about the others while one is there.
/// </summary>
public sealed class Households(IDbContextFactory<MedicalInsuranceDbContext> factory)
{
    /// <summary>The household of a person the caller may see; null without a household number (no population extract lists them) or outside scope.</summary>
    public async Task<HouseholdView?> OfAsync(UserScope scope, long personId, int year, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var person = await db.Persons.AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.HouseholdCounty, p.HouseholdNumber, p.LivesInCounty }).FirstOrDefaultAsync(cancellationToken);
        if (person?.HouseholdNumber is null || !(scope.Covers(person.HouseholdCounty) || scope.Covers(person.LivesInCounty)))
        {
            return null;
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            select m.id, m.name, m.id_number, m.birth_date, m.status, m.lives_in_county, exists (select 1 from coverages c where c.person_id = m.id and c.year = $3)
            from persons m where m.household_county = $1 and m.household_number = $2
            order by m.birth_date, m.id
            """, connection)
        {
            Parameters =
            {
                CharParameter.Of(person.HouseholdCounty),
                new NpgsqlParameter { Value = person.HouseholdNumber, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar },
                new NpgsqlParameter { Value = year },
            },
        };
        var members = new List<HouseholdMember>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            members.Add(new HouseholdMember(id, PersonalData.MaskName(reader.GetString(1)), Domain.Persons.IdNumber.Parse(reader.GetString(2)).Masked,
                reader.GetFieldValue<DateOnly>(3), Enum.Parse<PersonStatus>(reader.GetString(4)), reader.GetBoolean(6), reader.GetString(5), id == personId));
        }

        return new HouseholdView(person.HouseholdCounty, person.HouseholdNumber, year, members);
    }
}
