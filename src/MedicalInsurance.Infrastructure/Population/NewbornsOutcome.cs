using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Infrastructure.Population;

public abstract record NewbornsOutcome
{
    /// <param name="AsOf">The day the list is read as of (today in China).</param>
    /// <param name="NewbornDays">This year's newborn window (a working value where unconfirmed); null when the province has none.</param>
    public sealed record Listed(string County, DateOnly AsOf, Resolved<int>? NewbornDays, long Total, IReadOnlyList<NewbornEntry> Rows) : NewbornsOutcome;

    public sealed record NotFound : NewbornsOutcome;
}
