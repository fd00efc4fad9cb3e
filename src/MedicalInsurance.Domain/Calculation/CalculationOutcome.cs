namespace MedicalInsurance.Domain.Calculation;

/// <summary>Either a result or an error, never both.</summary>
public readonly record struct CalculationOutcome
{
    private CalculationOutcome(CalculationResult? result, CalculationError? error) => (Result, Error) = (result, error);

    public CalculationResult? Result { get; }

    public CalculationError? Error { get; }

    public static implicit operator CalculationOutcome(CalculationResult result) => new(result, null);

    public static implicit operator CalculationOutcome(CalculationError error) => new(null, error);
}
