namespace MedicalInsurance.Infrastructure.Registering;

/// <summary>What voiding a registration made in error (作废) came to.</summary>
public abstract record VoidOutcome
{
    public sealed record Voided(long RegistrationId, DateTimeOffset VoidedAt) : VoidOutcome;

    public sealed record AlreadyVoided(DateTimeOffset VoidedAt) : VoidOutcome
    {
        public string Message => $"该登记已于{Domain.Time.ChinaCalendar.ToChinaTime(VoidedAt):yyyy年M月d日}作废，不能再次作废。";
    }

    /// <summary>No reason given, or too long.</summary>
    public sealed record Refused(string Message) : VoidOutcome;

    /// <summary>Absent or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : VoidOutcome
    {
        public static string Message => "在您的辖区内未找到该登记。";
    }

    /// <summary>Only a supervisor voids.</summary>
    public sealed record NotAllowed : VoidOutcome;
}
