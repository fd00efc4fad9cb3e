using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Persons;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>One of the records that make a person insured twice in a year: its scheme, where it was made, how it came in, when.</summary>
/// <param name="County">The county the record was made in; null for records stored before the county was kept.</param>
/// <param name="CreatedAt">When the record entered this system (an import, a registration, cover recorded from its evidence).</param>
public sealed record DuplicateRecord(
    long CoverageId,
    Scheme Scheme,
    string? County,
    string? PoolingRegion,
    CoverageOrigin Origin,
    DateOnly? PaidOn,
    decimal? Amount,
    DateTimeOffset CreatedAt);
