namespace MedicalInsurance.Infrastructure.Population;

/// <summary>A household (户号 within the registered county) and its members, for one coverage year.</summary>
public sealed record HouseholdView(string County, string Number, int Year, IReadOnlyList<HouseholdMember> Members)
{
    /// <summary>Members alive, registered and born by the end of the year: those the duty to insure concerns.</summary>
    public HouseholdState State => new(
        Members.Count(m => m.State(Year) == "已缴"),
        Members.Count(m => m.State(Year) == "未缴"));
}
