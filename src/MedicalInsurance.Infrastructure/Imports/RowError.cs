namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>Why a row was refused: the column and a reason a clerk can act on.</summary>
public sealed record RowError(string Field, string Reason);
