using MedicalInsurance.Infrastructure.Persons;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>A member of a household as the counter shows it: masked, with their status and whether they hold cover for the year.</summary>
/// <param name="Paid">Holds cover for the year under any scheme in any county.</param>
/// <param name="IsThePerson">The member whose file or registration is open.</param>
public sealed record HouseholdMember(long PersonId, string Name, string IdNumber, DateOnly BirthDate, PersonStatus Status, bool Paid, string LivesInCounty, bool IsThePerson)
{
    /// <summary>已缴, 未缴, 已死亡, 已迁出, or 当年未出生 (born after the year).</summary>
    public string State(int year) => Status switch
    {
        PersonStatus.Deceased => "已死亡",
        PersonStatus.MovedOut => "已迁出",
        _ when BirthDate.Year > year => "当年未出生",
        _ => Paid ? "已缴" : "未缴",
    };
}
