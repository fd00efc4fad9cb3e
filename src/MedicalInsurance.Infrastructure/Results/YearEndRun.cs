namespace MedicalInsurance.Infrastructure.Results;

/// <summary>A year-end run for a coverage year: streams by person id and records how far it got, so it resumes.</summary>
public sealed class YearEndRun : SweepRun
{
    public int Year { get; set; }
}
