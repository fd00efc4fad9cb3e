using System.Text.Json.Serialization;

namespace MedicalInsurance.Infrastructure.Calculation;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CalcRequest))]
public sealed partial class CalcJsonContext : JsonSerializerContext;
