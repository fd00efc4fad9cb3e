using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Infrastructure.Population;

public abstract record UninsuredOutcome
{
    /// <param name="Period">The year's collection period in the county's province, where known.</param>
    /// <param name="NewbornDays">The newborn window used to tell newborns (a working value where unconfirmed).</param>
    /// <param name="Rows">A page of the list; its size is counted apart (<see cref="UninsuredLists.CountAsync(Security.UserScope, string, int, ListDuty, CancellationToken)"/>).</param>
    public sealed record Listed(string County, int Year, ListDuty Duty, CollectionPeriod? Period, Resolved<int>? NewbornDays, IReadOnlyList<UninsuredEntry> Rows) : UninsuredOutcome;

    public sealed record NotFound : UninsuredOutcome
    {
        public static string Message => "您的辖区内没有该县（区）。";
    }
}
