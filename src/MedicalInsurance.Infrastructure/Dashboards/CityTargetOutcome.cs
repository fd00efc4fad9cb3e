namespace MedicalInsurance.Infrastructure.Dashboards;

public abstract record CityTargetOutcome
{
    public sealed record Saved(int Persons, int? Before) : CityTargetOutcome;

    /// <summary>A person's input that cannot be a target: the field and what is wrong.</summary>
    public sealed record Invalid(string Field, string Message) : CityTargetOutcome;

    /// <summary>The city is outside the caller's scope, not a city, or the caller may not set city targets: the same answer.</summary>
    public sealed record Refused : CityTargetOutcome
    {
        public static string Message => "您无权为该市（州）设定参保人数目标：市（州）目标由全省范围的用户（系统管理员、省级监督员）设定。";
    }
}
