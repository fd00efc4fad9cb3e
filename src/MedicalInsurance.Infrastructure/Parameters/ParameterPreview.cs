namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>A preview's answer: the impact, or what is wrong with the edit (the catalog would not load with it).</summary>
public abstract record ParameterPreview
{
    public sealed record Shown(ParameterImpact Impact) : ParameterPreview;

    public sealed record Refused(string Message) : ParameterPreview;
}
