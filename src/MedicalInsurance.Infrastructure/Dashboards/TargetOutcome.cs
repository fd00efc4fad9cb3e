namespace MedicalInsurance.Infrastructure.Dashboards;

public abstract record TargetOutcome
{
    public sealed record Saved(decimal Percent, decimal? Before) : TargetOutcome;

    /// <summary>A person's input that cannot be a target: the field and what is wrong.</summary>
    public sealed record Invalid(string Field, string Message) : TargetOutcome;

    /// <summary>The county is outside the caller's scope, or the caller may not set targets: the same answer.</summary>
    public sealed record Refused : TargetOutcome
    {
        public static string Message => "您无权为该县区设定参保率目标。";
    }
}
