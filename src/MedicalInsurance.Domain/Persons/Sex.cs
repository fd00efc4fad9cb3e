namespace MedicalInsurance.Domain.Persons;

public enum Sex
{
    Female,
    Male,
}
