namespace MedicalInsurance.Infrastructure.Persons;

public abstract record CreationOutcome
{
    public sealed record Created(long PersonId) : CreationOutcome;

    public sealed record Exists(long? PersonId) : CreationOutcome
    {
        public static string Message => "该身份证号码已建档。";
    }

    /// <summary>Bad input: the field and what is wrong.</summary>
    public sealed record Invalid(string Field, string Message) : CreationOutcome;
}
