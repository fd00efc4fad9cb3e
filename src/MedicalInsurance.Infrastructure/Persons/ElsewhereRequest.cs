using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Infrastructure.Persons;

/// <summary>
/// Cover held elsewhere (外地参保) as a clerk records it from its evidence: the year, the scheme, the county where it is
/// held (anywhere in the country but the person's household county) and the certificate or query reference it rests on.
/// </summary>
public sealed record ElsewhereRequest(long PersonId, int Year, Scheme Scheme, string County, string Evidence);
