namespace MedicalInsurance.Infrastructure.Results;

public sealed record YearEndOutcome(YearEndRun Run, bool Resumed, TimeSpan Elapsed);
