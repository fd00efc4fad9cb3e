using System.Globalization;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A cell as the file holds it: text, or a number (an .xlsx numeric cell — an ID number Excel mangled, a date serial).</summary>
public readonly record struct RawCell(string? Text, double? Number)
{
    public bool IsEmpty => Number is null && string.IsNullOrWhiteSpace(Text);

    public override string ToString() => Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : Text ?? "";
}
