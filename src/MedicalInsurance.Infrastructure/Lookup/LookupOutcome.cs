using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Lookup;

public abstract record LookupOutcome
{
    public sealed record Found(PersonFile File) : LookupOutcome;

    /// <summary>Absent, or outside the caller's scope: the same answer, so nothing leaks.</summary>
    public sealed record NotFound : LookupOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    public sealed record Invalid(string Message) : LookupOutcome;

    public sealed record TooMany(string Message) : LookupOutcome;
}
