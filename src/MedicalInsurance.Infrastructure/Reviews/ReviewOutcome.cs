using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>What opening a review, or adding a scan to one, came to.</summary>
public abstract record ReviewOutcome
{
    public sealed record Opened(long ReviewId) : ReviewOutcome;

    /// <summary>A scan added to an open review (or found there already: the same content is kept once).</summary>
    public sealed record EvidenceAdded(long ReviewId, long EvidenceId) : ReviewOutcome;

    /// <summary>Bad input: the field (a property of <see cref="OpenReviewRequest"/>, or "Evidence") and what is wrong.</summary>
    public sealed record Invalid(string Field, string Message) : ReviewOutcome;

    /// <summary>The year already has an open review: decided first, then another may be opened.</summary>
    public sealed record AlreadyOpen(long ReviewId, int Year) : ReviewOutcome
    {
        public string Message => $"该参保人{Year}年度已有待审核的复核申请（第{ReviewId}号），请待其审核后再申请。";
    }

    /// <summary>Evidence is added only while the review is open.</summary>
    public sealed record Decided(long ReviewId) : ReviewOutcome
    {
        public static string Message => "该复核申请已审核，不能再补充材料。";
    }

    /// <summary>Absent or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : ReviewOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk opens a review or adds evidence.</summary>
    public sealed record NotAllowed : ReviewOutcome
    {
        public static string Message => "只有经办员可以提交复核申请。";
    }
}
