namespace MedicalInsurance.Domain.Provinces;

/// <summary>A parameter's value for one year together with the row it was read from.</summary>
public readonly record struct Resolved<T>(T Value, PolicyParameter Parameter);
