namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>A person's whole file as loaded (no tracking): identity, every coverage record and claims summary.</summary>
public sealed record PersonFile(Person Person)
{
    public IReadOnlyList<Coverage> Coverages => Person.Coverages;

    public IReadOnlyList<ClaimSummary> Claims => Person.Claims;
}
