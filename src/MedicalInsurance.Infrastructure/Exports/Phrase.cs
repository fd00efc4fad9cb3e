using System.Globalization;

namespace MedicalInsurance.Infrastructure.Exports;

/// <summary>
/// Text of the product's own (a table's caption, a header, a row's label) as a Chinese template and its arguments: an
/// export writes it formatted, in Chinese; a page looks the template up in its resources. A plain string in a table is
/// data (a region's name), shown as it is.
/// </summary>
public sealed record Phrase(string Template, params object[] Args)
{
    public override string ToString() => Args.Length == 0 ? Template : string.Format(CultureInfo.InvariantCulture, Template, Args);
}
