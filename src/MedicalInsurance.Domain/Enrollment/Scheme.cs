namespace MedicalInsurance.Domain.Enrollment;

/// <summary>The public cover a coverage record belongs to.</summary>
public enum Scheme
{
    /// <summary>Urban-rural resident medical insurance (城乡居民医保): the scheme these rules are about.</summary>
    Resident,

    /// <summary>Employee medical insurance (职工医保): insured, but neither counts toward nor resets the resident run.</summary>
    Employee,

    /// <summary>Another public cover, e.g. military medical care during service: insured, like <see cref="Employee"/>.</summary>
    Other,
}
