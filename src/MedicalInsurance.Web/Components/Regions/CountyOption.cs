using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Web.Components.Regions;

/// <summary>A county-level division of the country with its full name (北京市朝阳区), as a county picker lists it.</summary>
public sealed record CountyOption(string Code, string FullName)
{
    private static readonly Lazy<List<CountyOption>> Everywhere = new(() => RegionDirectory.Shipped.All
        .Where(r => RegionDirectory.Shipped.IsCountyLevel(r.Code))
        .Select(r => new CountyOption(r.Code, RegionDirectory.Shipped.FullName(r.Code)))
        .OrderBy(c => c.Code, StringComparer.Ordinal)
        .ToList());

    private static readonly Lazy<List<CountyOption>> Served = new(() => Everywhere.Value
        .Where(c => RegionDirectory.Shipped.IsCounty(c.Code) && RegionDirectory.Shipped.IsServed(c.Code)).ToList());

    /// <summary>The option of a county-level code, or null.</summary>
    public static CountyOption? Of(string? code) => RegionDirectory.Shipped.IsCountyLevel(code) ? new(code!, RegionDirectory.Shipped.FullName(code!)) : null;

    /// <summary>Anywhere in the country (cover held elsewhere), by part of the full name or the start of the code.</summary>
    public static Task<IEnumerable<CountyOption>> SearchAsync(string? text, CancellationToken cancellationToken) => Task.FromResult(Search(Everywhere.Value, text));

    /// <summary>The counties of the provinces this system serves (a household county).</summary>
    public static Task<IEnumerable<CountyOption>> SearchServedAsync(string? text, CancellationToken cancellationToken) => Task.FromResult(Search(Served.Value, text));

    private static IEnumerable<CountyOption> Search(List<CountyOption> options, string? text)
    {
        var term = text?.Trim() ?? "";
        return term.Length == 0 ? [] : options.Where(c => c.FullName.Contains(term, StringComparison.Ordinal) || c.Code.StartsWith(term, StringComparison.Ordinal));
    }
}
