namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>What a supervisor's decision on a review came to.</summary>
public abstract record DecisionOutcome
{
    /// <summary>Accepted: the record corrected, the file recomputed, and the notices issued again where the decision changed.</summary>
    public sealed record Accepted(long ReviewId, IReadOnlyList<ReissuedNotice> Notices) : DecisionOutcome;

    public sealed record Rejected(long ReviewId) : DecisionOutcome;

    /// <summary>No reason, too long a reason, or a correction that can no longer be applied (the message says why).</summary>
    public sealed record Refused(string Message) : DecisionOutcome;

    public sealed record AlreadyDecided(ReviewStatus Status) : DecisionOutcome
    {
        public string Message => $"该复核申请{ReviewKinds.StatusLabel(Status)}，不能再次审核。";
    }

    /// <summary>Absent or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : DecisionOutcome
    {
        public static string Message => "在您的辖区内未找到该复核申请。";
    }

    /// <summary>Only a supervisor decides.</summary>
    public sealed record NotAllowed : DecisionOutcome
    {
        public static string Message => "只有监督员可以审核复核申请。";
    }
}
