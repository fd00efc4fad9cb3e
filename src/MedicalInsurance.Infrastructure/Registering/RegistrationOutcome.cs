using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Registering;

public abstract record RegistrationOutcome
{
    public sealed record Registered(long RegistrationId, long CoverageId, CalculationResult Result, string Snapshot) : RegistrationOutcome;

    public sealed record AlreadyRegistered(int Year) : RegistrationOutcome
    {
        public string Message => $"该参保人{Year}年度已登记居民医保，不能重复登记。";
    }

    public sealed record Refused(CalculationError Error) : RegistrationOutcome;

    /// <summary>Absent or outside the caller's county: the same answer.</summary>
    public sealed record NotFound : RegistrationOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk registers.</summary>
    public sealed record NotAllowed : RegistrationOutcome;

    /// <summary>The caller sent this idempotency key with this request before: its registration, answered again as issued.</summary>
    public sealed record Repeated(long RegistrationId, string Snapshot) : RegistrationOutcome;

    /// <summary>The caller sent this idempotency key with another request before.</summary>
    public sealed record KeyReused : RegistrationOutcome
    {
        public static string Message => "该幂等键已用于另一笔登记请求，请换用新的键。";
    }
}
