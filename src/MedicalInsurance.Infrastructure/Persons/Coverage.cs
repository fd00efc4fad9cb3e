using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>One coverage year of one person under one scheme; (person, year, scheme) is unique.</summary>
public sealed class Coverage
{
    public long Id { get; set; }

    public long PersonId { get; set; }

    public required int Year { get; set; }

    public required Scheme Scheme { get; set; }

    public DateOnly? PaidOn { get; set; }

    /// <summary>Yuan paid, where known.</summary>
    public decimal? Amount { get; set; }

    public EnrollmentGroup Group { get; set; }

    /// <summary>The pooling region (prefecture city code) the contribution was paid in.</summary>
    public string? PoolingRegion { get; set; }

    /// <summary>
    /// The county (GB/T 2260) where the record was made, anywhere in the country: cover held elsewhere (外地参保) counts
    /// like local cover and the file keeps where it was held (RULES §1). A prefecture city without counties (东莞) stands
    /// for its own county. Null for records stored before the county was kept.
    /// </summary>
    public string? County { get; set; }

    public required CoverageOrigin Origin { get; set; }

    /// <summary>
    /// For cover held elsewhere (外地参保) that a clerk recorded: what it rests on — the issuing region's certificate
    /// number or the query reference of the national platform. Null for local records and imported ones.
    /// </summary>
    public string? Evidence { get; set; }

    /// <summary>The years paid back at registration to shorten this enrollment's waiting period (0 for none).</summary>
    public int RepairYears { get; set; }

    /// <summary>E: the last day of the employee cover this resident enrollment switched from, where it was a switch.</summary>
    public DateOnly? PreviousCoverageEndedOn { get; set; }

    /// <summary>Whether the gap after <see cref="PreviousCoverageEndedOn"/> was back-paid (补缴).</summary>
    public bool GapBackPaid { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
