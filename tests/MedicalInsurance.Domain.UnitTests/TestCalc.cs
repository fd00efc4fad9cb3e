using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Calculation;

namespace MedicalInsurance.Domain.UnitTests;

/// <summary>Runs requests through the same mapping and engine the command line and the API use.</summary>
internal static class TestCalc
{
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static CalculationOutcome Run(string requestJson, PolicyCatalog? catalog = null)
    {
        var mapped = CalcContract.Read(requestJson, catalog ?? PolicyCatalog.Shipped, Today);
        return mapped.Error is { } error ? error : EnrollmentCalculator.Calculate(mapped.Input!);
    }

    public static CalculationResult Result(string requestJson, PolicyCatalog? catalog = null)
    {
        var outcome = Run(requestJson, catalog);
        Assert.True(outcome.Error is null, $"unexpected error: {outcome.Error}");
        return outcome.Result!;
    }

    public static CalculationError Error(string requestJson)
    {
        var outcome = Run(requestJson);
        Assert.True(outcome.Error is not null, "expected an error, got an answer");
        return outcome.Error!;
    }

    /// <summary>The response as the contract writes it, parsed back.</summary>
    public static JsonElement Response(CalculationOutcome outcome)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, CalcContract.WriterOptions))
        {
            if (outcome.Error is { } error)
            {
                CalcContract.WriteError(writer, error);
            }
            else
            {
                CalcContract.WriteResult(writer, outcome.Result!);
            }
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }
}
