namespace MedicalInsurance.Infrastructure.Security;

public abstract record UserOutcome
{
    public sealed record Created(string UserName, string Password) : UserOutcome;

    public sealed record Invalid(string Field, string Message) : UserOutcome;
}
