using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>What a clerk's merge of a newborn file into a person's file came to.</summary>
public abstract record NewbornMergeOutcome
{
    /// <summary>The newborn file now points at the person; <paramref name="QueueItemsResolved"/> open NewbornUnmatched items left the queue.</summary>
    public sealed record Merged(long NewbornFileId, long PersonId, int QueueItemsResolved) : NewbornMergeOutcome;

    /// <summary>
    /// Bad input or a check that failed: nothing was written. <paramref name="Template"/> says what, in Chinese, with
    /// <paramref name="Values"/> in its places (the interface translates the template).
    /// </summary>
    public sealed record Invalid(string Field, string Template, params string[] Values) : NewbornMergeOutcome
    {
        public string Message => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, Values);
    }

    /// <summary>No such newborn file, or outside the caller's scope: the same answer.</summary>
    public sealed record NotFound : NewbornMergeOutcome
    {
        public static string Message => UserScope.NotFoundMessage;
    }

    /// <summary>Only a clerk merges.</summary>
    public sealed record NotAllowed : NewbornMergeOutcome
    {
        public static string Message => "只有经办员可以合并新生儿档案。";
    }
}
