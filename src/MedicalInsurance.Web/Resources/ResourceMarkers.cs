// In the root namespace: with ResourcesPath "Resources" the localizer then finds Resources/SharedResource.resx.
// Both marker types stay in this file: a MudResources.cs beside MudResources.resx would make MSBuild name the embedded
// resource after the class (its DependentUpon convention), and MudBlazor's strings would no longer be found.
namespace MedicalInsurance.Web;

/// <summary>Names the resx files of the interface's own strings (SharedResource.resx: Chinese; .en.resx: English).</summary>
public sealed class SharedResource;

/// <summary>Names MudResources.resx: MudBlazor's own strings in Chinese.</summary>
public sealed class MudResources;
