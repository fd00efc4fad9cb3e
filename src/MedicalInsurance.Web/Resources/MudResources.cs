// In the root namespace: with ResourcesPath "Resources" the localizer then finds Resources/SharedResource.resx.
namespace MedicalInsurance.Web;

/// <summary>Names MudResources.resx: MudBlazor's own strings in Chinese.</summary>
public sealed class MudResources;
