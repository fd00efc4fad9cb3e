using MedicalInsurance.Domain.Persons;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>One resident's file (一人一档): identity and where the household is registered.</summary>
public sealed class Person
{
    /// <summary>The internal key pages and links use: never the ID number.</summary>
    public long Id { get; set; }

    /// <summary>18 characters, upper-case X, unique.</summary>
    public required string IdNumber { get; set; }

    public required string Name { get; set; }

    public required DateOnly BirthDate { get; set; }

    public required Sex Sex { get; set; }

    /// <summary>The county of the household registration (户籍所在县区), a current GB/T 2260 county code.</summary>
    public required string HouseholdCounty { get; set; }

    /// <summary>For the collection-period call list.</summary>
    public string? Phone { get; set; }

    /// <summary>What a clerk must know, e.g. an earlier local incentive kept under "老人老办法".</summary>
    public string? Notes { get; set; }

    /// <summary>
    /// Created by an import from a payment alone: a clerk should check the household county. The review queue lists the
    /// file until a clerk confirms or corrects it.
    /// </summary>
    public bool NeedsReview { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Coverage> Coverages { get; set; } = [];

    public List<ClaimSummary> Claims { get; set; } = [];
}
