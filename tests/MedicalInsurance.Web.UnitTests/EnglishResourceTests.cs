using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bunit;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Web.Components.Calculation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MedicalInsurance.Web.UnitTests;

/// <summary>
/// The English resources are whole: every text the web project looks up by a literal Chinese key has its English, and no
/// English holds Chinese (but the language switch's own name). The browser test (EnglishPagesTests) reads the pages; this
/// also reaches the messages of paths no page visit takes. The engine's notes are written in English from their parts.
/// </summary>
public sealed partial class EnglishResourceTests : BunitContext
{
    private static readonly Regex Cjk = CjkPattern();

    public EnglishResourceTests()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    private static string WebProject
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "MedicalInsurance.sln")))
                {
                    return Path.Combine(dir.FullName, "src", "MedicalInsurance.Web");
                }
            }

            throw new InvalidOperationException("the repository's MedicalInsurance.sln is not above " + AppContext.BaseDirectory);
        }
    }

    private static Dictionary<string, string> English() =>
        XDocument.Load(Path.Combine(WebProject, "Resources", "SharedResource.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Fact]
    public void EveryLiteralKey_OfTheWebProject_HasItsEnglish()
    {
        var english = English();
        var keys = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal))))
            .Where(k => Cjk.IsMatch(k.Key))
            .ToList();

        var missing = keys.Where(k => !english.ContainsKey(k.Key)).Select(k => $"{k.File}: {k.Key}").Distinct().ToList();

        Assert.True(keys.Count > 300, $"only {keys.Count} keys found: is the pattern still right?");
        Assert.True(missing.Count == 0, "no English for: " + string.Join("; ", missing));
    }

    [Fact]
    public void EnglishValues_HoldNoChinese_ButTheOtherLanguagesName()
    {
        var chinese = English().Where(e => e.Key != "Language" && Cjk.IsMatch(e.Value)).Select(e => $"{e.Key} => {e.Value}").ToList();

        Assert.True(chinese.Count == 0, "English with Chinese in it: " + string.Join("; ", chinese));
    }

    [Fact]
    public void CapStatement_InEnglish_WritesTheWorkingValuesNote_WithItsCitationAsData()
    {
        // Heilongjiang's standing collection period is a working value (PARAMETERS.md): its note comes with the answer.
        PolicyCatalog.Shipped.TryResolve("heilongjiang", null, out var policy);
        var outcome = EnrollmentCalculator.Calculate(new CalculationInput
        {
            Policy = policy,
            CoverageYear = 2026,
            OriginalCap = 400_000m,
            AsOf = new DateOnly(2026, 12, 31),
            History = [new CoverageRecord { Year = 2026, Scheme = Scheme.Resident, PaidOn = new DateOnly(2025, 11, 1) }],
        });
        var view = CalcView.From(outcome.Result!);

        var statement = Render<CapStatementView>(p => p.Add(c => c.View, view));

        var notes = statement.FindAll(".cap-note");
        var outsideData = notes.Select(n => n.QuerySelectorAll("[translate=no]").Aggregate(n.TextContent, (text, data) => text.Replace(data.TextContent, "", StringComparison.Ordinal)));
        Assert.Contains(view.Notes, n => n.StartsWith("集中参保期（2026年度）为暂定值", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.TextContent.Trim().StartsWith("Collection period (2026) is a working value, not yet confirmed: 2025-09-01/2025-12-31; basis: ", StringComparison.Ordinal));
        Assert.All(outsideData, text => Assert.DoesNotMatch(Cjk, text));
        Assert.Contains(notes.SelectMany(n => n.QuerySelectorAll("[translate=no]")), data => data.TextContent.StartsWith("黑龙江省", StringComparison.Ordinal));
    }

    [GeneratedRegex("\\b[Ll]\\[\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("[\\u3000-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF00-\\uFFEF]")]
    private static partial Regex CjkPattern();
}
