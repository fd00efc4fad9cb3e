namespace MedicalInsurance.Infrastructure.Exports;

public sealed record ExportColumn(string Header, ColumnKind Kind);
