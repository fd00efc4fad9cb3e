namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>One day of the collection period: payments so far for the year, and for last year by the same day a year earlier.</summary>
public sealed record PaymentDay(DateOnly Day, long PaidSoFar, long LastYearSoFar);
