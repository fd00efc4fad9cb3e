using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Results;

/// <summary>What a registration adds to a file before it is saved: the enrollment asked about.</summary>
public sealed record PendingEnrollment(int Year, DateOnly PaidOn, EnrollmentGroup Group, string? PoolingRegion, int RepairYears, DateOnly? PreviousCoverageEndedOn, bool GapBackPaid);
