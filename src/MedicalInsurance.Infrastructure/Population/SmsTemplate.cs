namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// The text of the reminder SMS a supervisor set for their division (a county, a city or a province); a county's list
/// uses its own, else the nearest above it, else <see cref="SmsTemplates.Default"/>. Nothing is sent: the list is exported.
/// </summary>
public sealed class SmsTemplate
{
    public required string RegionCode { get; init; }

    public required string Text { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
