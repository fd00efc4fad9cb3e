namespace MedicalInsurance.Infrastructure.Results;

public sealed record FreshnessOutcome(FreshnessState State, RecomputeRun? Run, bool Resumed, TimeSpan Elapsed);
