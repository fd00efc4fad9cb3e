namespace MedicalInsurance.Infrastructure.Population;

public abstract record DuplicatesOutcome
{
    public sealed record Listed(string County, int Year, long Total, IReadOnlyList<DuplicateEntry> Rows) : DuplicatesOutcome;

    public sealed record NotFound : DuplicatesOutcome
    {
        public static string Message => "您的辖区内没有该县（区）。";
    }
}
