namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>Where a county stands against its target for a year.</summary>
public enum TargetCompletion
{
    /// <summary>No target set for the year.</summary>
    NoTarget,

    /// <summary>No population imported: a rate over the files on record would say nothing about the target.</summary>
    NoPopulation,

    /// <summary>已完成: the rate against the population is at or above the target.</summary>
    Met,

    /// <summary>未完成.</summary>
    NotMet,
}
