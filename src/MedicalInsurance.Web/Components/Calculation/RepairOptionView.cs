namespace MedicalInsurance.Web.Components.Calculation;

public sealed record RepairOptionView(int Years, int TotalMonths, DateOnly BenefitsFrom, decimal Cost, bool Shortens);
