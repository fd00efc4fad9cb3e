namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>A county's open reviews: how many, and the age in days of the oldest.</summary>
public sealed record CountyReviews(string County, int Open, int OldestDays);
