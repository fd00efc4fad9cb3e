using System.Reflection;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class DomainAssemblyTests
{
    [Fact]
    public void DomainAssembly_References_OnlyTheBaseLibrary()
    {
        var domain = typeof(MedicalInsurance.Domain.AssemblyMarker).Assembly;

        var references = domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        var outside = references.Where(name => !IsBaseLibrary(name)).ToList();
        Assert.True(outside.Count == 0, "Domain references more than the base library: " + string.Join(", ", outside));
    }

    private static bool IsBaseLibrary(string name) =>
        name is "System.Runtime" or "netstandard" or "mscorlib" or "System.Private.CoreLib"
        || (name.StartsWith("System.", StringComparison.Ordinal) && IsInSharedFramework(name));

    // A System.* assembly counts only when it ships with the runtime itself (Microsoft.NETCore.App), not as a package.
    private static bool IsInSharedFramework(string name)
    {
        var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return File.Exists(Path.Combine(runtimeDirectory, name + ".dll"))
               && !Path.GetDirectoryName(Assembly.Load(name).Location)!.Contains("Microsoft.AspNetCore.App", StringComparison.Ordinal);
    }
}
