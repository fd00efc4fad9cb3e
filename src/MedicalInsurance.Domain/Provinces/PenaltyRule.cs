namespace MedicalInsurance.Domain.Provinces;

public readonly record struct PenaltyRule(PenaltyKind Kind, CapAmount Unit);
