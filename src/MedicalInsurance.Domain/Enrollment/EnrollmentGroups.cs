namespace MedicalInsurance.Domain.Enrollment;

/// <summary>The groups' names as the texts write them: the one place a page, a parameter or an import reads them from.</summary>
public static class EnrollmentGroups
{
    /// <summary>Every group, ordinary first: the order a clerk chooses from.</summary>
    public static IReadOnlyList<EnrollmentGroup> All { get; } = Enum.GetValues<EnrollmentGroup>();

    public static string Label(EnrollmentGroup group) => group switch
    {
        EnrollmentGroup.MedicalAid => "医疗救助资助参保对象",
        EnrollmentGroup.Veteran => "当年退出现役军人",
        EnrollmentGroup.VeteranSpouse => "随军未就业配偶",
        EnrollmentGroup.Hardship => "特殊困难人员",
        _ => "普通",
    };
}
