namespace MedicalInsurance.Infrastructure.Results;

public sealed record RefreshCounts(long Persons, long Results, IReadOnlyCollection<string> Counties, TimeSpan Elapsed);
