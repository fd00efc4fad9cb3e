namespace MedicalInsurance.Infrastructure.Regions;

public enum RegionLevel
{
    Province,
    City,
    County,
}
