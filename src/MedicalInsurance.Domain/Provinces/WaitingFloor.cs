namespace MedicalInsurance.Domain.Provinces;

/// <summary>The waiting period's floor: at least <see cref="Months"/> once <see cref="FromBreakYears"/> or more years were missed.</summary>
public readonly record struct WaitingFloor(int Months, int FromBreakYears);
