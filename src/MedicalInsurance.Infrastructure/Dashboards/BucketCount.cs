namespace MedicalInsurance.Infrastructure.Dashboards;

public sealed record BucketCount(int Bucket, long Count);
