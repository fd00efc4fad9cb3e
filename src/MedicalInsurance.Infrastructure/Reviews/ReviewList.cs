namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>
/// The reviews of the caller's scope: open ones by county (count and oldest age), and the rows — open ones oldest first,
/// or the latest decided — at most <see cref="FileReviews.ListLimit"/> of them out of <see cref="Total"/>.
/// </summary>
public sealed record ReviewList(IReadOnlyList<CountyReviews> Counties, IReadOnlyList<ReviewSummary> Rows, int Total);
