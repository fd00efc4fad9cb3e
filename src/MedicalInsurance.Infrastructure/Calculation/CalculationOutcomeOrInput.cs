using MedicalInsurance.Domain.Calculation;

namespace MedicalInsurance.Infrastructure.Calculation;

/// <summary>A mapped request, or the error that stopped it.</summary>
public readonly record struct CalculationOutcomeOrInput
{
    private CalculationOutcomeOrInput(CalculationInput? input, CalculationError? error) => (Input, Error) = (input, error);

    public CalculationInput? Input { get; }

    public CalculationError? Error { get; }

    public static implicit operator CalculationOutcomeOrInput(CalculationInput input) => new(input, null);

    public static implicit operator CalculationOutcomeOrInput(CalculationError error) => new(null, error);
}
