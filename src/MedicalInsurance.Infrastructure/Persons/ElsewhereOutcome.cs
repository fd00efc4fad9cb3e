using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Persons;

public abstract record ElsewhereOutcome
{
    /// <summary>The record made and the file as it stands with it (read in the same transaction, repairs included): the page shows it without another look-up.</summary>
    public sealed record Recorded(long CoverageId, PersonFile File) : ElsewhereOutcome;

    public sealed record AlreadyRecorded(int Year, Scheme Scheme) : ElsewhereOutcome
    {
        public string Message => $"该参保人{Year}年度已有{CoverElsewhere.SchemeName(Scheme)}参保记录，不能重复登记。";
    }

    /// <summary>Bad input: the field (a property of <see cref="ElsewhereRequest"/>) and what is wrong.</summary>
    public sealed record Invalid(string Field, string Message) : ElsewhereOutcome;

    /// <summary>Absent or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : ElsewhereOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk records cover.</summary>
    public sealed record NotAllowed : ElsewhereOutcome;
}
