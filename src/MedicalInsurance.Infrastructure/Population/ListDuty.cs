namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// Whose list: the county of the household registration finds its registered residents wherever they live (户籍地落实找人的
/// 兜底责任); the county of residence mobilises those who live there, registered here or elsewhere (常住地加强参保动员).
/// </summary>
public enum ListDuty
{
    Registered,
    Residence,
}
