namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>Masks personal data for lists and logs.</summary>
public static class PersonalData
{
    /// <summary>王* for two characters, 王*明 for three, 欧阳**锋 for more: the first and last kept.</summary>
    public static string MaskName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length switch
        {
            <= 1 => name,
            2 => name[..1] + "*",
            _ => name[..1] + new string('*', name.Length - 2) + name[^1..],
        };
    }

    /// <summary>138****5678: the first three and the last four digits kept.</summary>
    public static string? MaskPhone(string? phone) =>
        phone is null ? null : phone.Length < 8 ? new string('*', phone.Length) : phone[..3] + new string('*', phone.Length - 7) + phone[^4..];
}
