namespace MedicalInsurance.Domain.Enrollment;

/// <summary>A status asserted for one coverage year; a province exempts from the waiting period the groups it lists.</summary>
public enum EnrollmentGroup
{
    Ordinary,

    /// <summary>T's contribution funded by medical assistance (医疗救助资助参保对象).</summary>
    MedicalAid,

    /// <summary>Discharged from service in T (当年退出现役军人).</summary>
    Veteran,

    /// <summary>The unemployed accompanying spouse of a service member discharged in T (随军未就业配偶).</summary>
    VeteranSpouse,

    /// <summary>A person in special hardship (特殊困难人员).</summary>
    Hardship,
}
