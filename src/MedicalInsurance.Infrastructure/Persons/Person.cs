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

    /// <summary>The township of the household registration (户籍乡镇, 9-digit statistical code); from a population extract.</summary>
    public string? HouseholdTownship { get; set; }

    /// <summary>
    /// The household number (户号) within <see cref="HouseholdCounty"/>: the members of one household share it. From a
    /// population extract; null for a file no extract has listed.
    /// </summary>
    public string? HouseholdNumber { get; set; }

    /// <summary>Where the person lives when it is not the registered county (居住地区, 人户分离); null: lives where registered.</summary>
    public string? ResidenceCounty { get; set; }

    /// <summary>The township lived in (居住乡镇); null: as <see cref="ResidenceCounty"/> is, or where registered.</summary>
    public string? ResidenceTownship { get; set; }

    /// <summary>Where the person lives: <see cref="ResidenceCounty"/>, else the registered county (stored, computed by the database).</summary>
    public string LivesInCounty { get; private set; } = "";

    /// <summary>The township lived in: <see cref="ResidenceTownship"/>, or the registered one when living where registered.</summary>
    public string? LivesInTownship { get; private set; }

    /// <summary>Alive and registered (正常), deceased or moved out, as the last population extract said.</summary>
    public PersonStatus Status { get; set; }

    /// <summary>The date of the death or the move-out (状态日期); for 正常, the date the extract gives, if any.</summary>
    public DateOnly? StatusDate { get; set; }

    /// <summary>The population import that last set these facts; null for a file no population extract has listed.</summary>
    public long? PopulationImportId { get; set; }

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
