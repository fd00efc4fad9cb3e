namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// A household's members alive and registered (正常) and born by the end of the year, by whether each holds cover for the
/// year (any scheme, any county).
/// </summary>
public sealed record HouseholdState(int Paid, int Unpaid)
{
    /// <summary>The unpaid members other than the one the line is about.</summary>
    public int UnpaidOthers => Math.Max(0, Unpaid - 1);

    /// <summary>"家人已缴3人，未缴1人": the other members, as seen from one who has not paid.</summary>
    public string FromUnpaidMember => $"家人已缴{Paid}人，未缴{UnpaidOthers}人";
}
