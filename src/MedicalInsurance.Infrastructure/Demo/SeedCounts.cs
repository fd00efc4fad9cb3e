namespace MedicalInsurance.Infrastructure.Demo;

public sealed record SeedCounts(long Persons, long Coverages, long Claims, long ComputedResults);
