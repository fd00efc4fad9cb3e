using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>What confirming a queued file came to.</summary>
public abstract record QueueOutcome
{
    /// <summary>The file left the queue; <paramref name="CountyBefore"/> differs from <paramref name="County"/> where the clerk corrected it.</summary>
    public sealed record Confirmed(long PersonId, string CountyBefore, string County) : QueueOutcome;

    public sealed record Invalid(string Message) : QueueOutcome;

    /// <summary>Confirmed already (by another clerk, or in another tab).</summary>
    public sealed record NotQueued : QueueOutcome
    {
        public static string Message => "该档案已核对，不在待核对名单中。";
    }

    /// <summary>Absent or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : QueueOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk confirms.</summary>
    public sealed record NotAllowed : QueueOutcome
    {
        public static string Message => "只有经办员可以核对档案。";
    }
}
