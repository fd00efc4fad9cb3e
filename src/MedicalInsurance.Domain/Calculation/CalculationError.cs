namespace MedicalInsurance.Domain.Calculation;

/// <summary>Bad input from a person: the field (as the request names it) and what is wrong, in Chinese.</summary>
public sealed record CalculationError(string Field, string Message);
