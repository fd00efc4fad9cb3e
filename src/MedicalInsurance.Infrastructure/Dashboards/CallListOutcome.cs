using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Infrastructure.Dashboards;

public abstract record CallListOutcome
{
    public sealed record Listed(string County, int Year, CollectionPeriod Period, IReadOnlyList<CallListEntry> Rows) : CallListOutcome;

    /// <summary>No collection period is open today for the county's province.</summary>
    public sealed record Closed : CallListOutcome
    {
        public static string Message => "当前不在集中参保期，没有待催缴名单。";
    }

    public sealed record NotFound : CallListOutcome
    {
        public static string Message => "您的辖区内没有该县（区）。";
    }
}
