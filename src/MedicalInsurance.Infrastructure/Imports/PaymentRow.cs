using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>A payment record as the tax department returns it, validated.</summary>
public sealed record PaymentRow(string IdNumber, string Name, DateOnly BirthDate, Sex Sex, int Year, Scheme Scheme, DateOnly PaidOn, decimal? Amount, EnrollmentGroup Group, string County);
