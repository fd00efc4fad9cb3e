namespace MedicalInsurance.Infrastructure.Exports;

public enum ExportFormat
{
    Csv,
    Xlsx,
}
