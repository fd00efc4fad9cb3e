namespace MedicalInsurance.Infrastructure.Audit;

/// <summary>Who is acting and from where: what every audited action records.</summary>
public sealed record Actor(string UserName, string? ClientAddress)
{
    public static readonly Actor System = new("system", null);
}
