namespace MedicalInsurance.Domain.Provinces;

/// <summary>An amount that is either a sum of yuan or a percentage of the original cap C.</summary>
public readonly record struct CapAmount(decimal? Amount, decimal? PercentOfCap)
{
    /// <summary>The value for cap C: a percentage is rounded to 0.01 yuan, half away from zero.</summary>
    public decimal ValueFor(decimal cap) =>
        Amount ?? Math.Round(cap * PercentOfCap!.Value / 100m, 2, MidpointRounding.AwayFromZero);

    public override string ToString() => Amount is { } a ? a.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{PercentOfCap}% × C";
}
