namespace MedicalInsurance.Domain.Provinces;

/// <summary>The collection period (集中参保期) of one coverage year; both ends inclusive.</summary>
public readonly record struct CollectionPeriod(DateOnly From, DateOnly To)
{
    public override string ToString() => $"{From:yyyy-MM-dd}/{To:yyyy-MM-dd}";
}
