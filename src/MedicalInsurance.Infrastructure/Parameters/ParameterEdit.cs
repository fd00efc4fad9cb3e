namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>What an administrator enters: a value for a parameter of a province (and optionally a pooling region) and years.</summary>
public sealed record ParameterEdit(long? Id, string Province, string? PoolingRegion, string Name, int? FromYear, int? ToYear, string Value, string Status, string Citation);
