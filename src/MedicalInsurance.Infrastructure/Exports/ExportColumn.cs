namespace MedicalInsurance.Infrastructure.Exports;

/// <summary>A column: its header as exports write it, and, where the header is made from a template (a year in it), that template.</summary>
public sealed record ExportColumn(string Header, ColumnKind Kind)
{
    public Phrase? Text { get; init; }

    public static ExportColumn Of(Phrase header, ColumnKind kind)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new(header.ToString(), kind) { Text = header };
    }
}
