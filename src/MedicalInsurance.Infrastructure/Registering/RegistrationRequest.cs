using MedicalInsurance.Infrastructure.Results;

namespace MedicalInsurance.Infrastructure.Registering;

/// <summary>
/// A clerk's registration of a late or returning enrollee for coverage year <see cref="Enrollment"/>.Year. Another system
/// sends an <see cref="IdempotencyKey"/>: the same key again (same caller, same request) answers with the first registration.
/// </summary>
public sealed record RegistrationRequest(long PersonId, PendingEnrollment Enrollment, decimal? Amount, string? IdempotencyKey = null);
