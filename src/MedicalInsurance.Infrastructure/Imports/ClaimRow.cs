namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A claims summary of one person and year as the settlement system reports it, validated.</summary>
public sealed record ClaimRow(string IdNumber, int Year, decimal FundReimbursed, decimal CatastrophicPaid);
