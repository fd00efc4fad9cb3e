namespace MedicalInsurance.Infrastructure.Security;

/// <summary>What an administrator's action on an account (or a user's own password change) came to.</summary>
public abstract record AccountOutcome
{
    public sealed record Done : AccountOutcome;

    /// <summary>A password set by an administrator: shown once, never stored in clear.</summary>
    public sealed record PasswordIssued(string UserName, string Password) : AccountOutcome;

    /// <summary>
    /// Refused: <see cref="Field"/> names the input, <see cref="Message"/> says what is wrong, in Chinese, one sentence a
    /// line (each line is a key the page localizes).
    /// </summary>
    public sealed record Invalid(string Field, string Message) : AccountOutcome;

    public sealed record NotFound : AccountOutcome
    {
        public static string Message => "该用户不存在。";
    }
}
