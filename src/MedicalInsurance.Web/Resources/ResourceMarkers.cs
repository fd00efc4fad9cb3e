// In the root namespace: with ResourcesPath "Resources" the localizer then finds Resources/SharedResource.resx.
namespace MedicalInsurance.Web;

/// <summary>Names the resx files of the interface's own strings (SharedResource.resx: Chinese; .en.resx: English).</summary>
public sealed class SharedResource;
