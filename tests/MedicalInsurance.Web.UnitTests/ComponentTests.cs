using System.Globalization;
using Bunit;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Web.Components.Calculation;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MedicalInsurance.Web.UnitTests;

/// <summary>The statement, decision and timeline components, rendered from worked examples of RULES.md.</summary>
public sealed class ComponentTests : BunitContext
{
    public ComponentTests()
    {
        // A request's culture, as the app's request localization sets it (zh-CN unless English is chosen), not the culture
        // of the machine that runs the tests.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
    }

    private static CalcView Calculate(string province, int year, decimal cap, IEnumerable<CoverageRecord> history, int repair = 0)
    {
        PolicyCatalog.Shipped.TryResolve(province, null, out var policy);
        var outcome = EnrollmentCalculator.Calculate(new CalculationInput
        {
            Policy = policy,
            CoverageYear = year,
            OriginalCap = cap,
            AsOf = new DateOnly(year, 12, 31),
            RepairYears = repair,
            History = history.ToList(),
        });
        Assert.Null(outcome.Error);
        return CalcView.From(outcome.Result!);
    }

    private static IEnumerable<CoverageRecord> Continuous(int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(y => new CoverageRecord { Year = y, PaidOn = new DateOnly(y - 1, 11, 1) });

    [Fact]
    public void CapStatement_H11_ShowsEveryStepAndTheCeilingThatCutsTheLastOne()
    {
        var view = Calculate("hebei", 2042, 305_000m, Continuous(2025, 2042));

        var statement = Render<CapStatementView>(p => p.Add(c => c.View, view));

        Assert.Equal("366,000.00 元", statement.Find("#cap-effective").TextContent.Trim());
        var rows = statement.FindAll("tr.cap-line");
        Assert.Equal(1 + 14 + 17 + 1, rows.Count);
        var ceiling = Assert.Single(rows, r => r.GetAttribute("data-kind") == "ceiling");
        Assert.Contains("-1,000.00", ceiling.TextContent, StringComparison.Ordinal);
        Assert.Contains("提高总额超过原封顶线20%", ceiling.TextContent, StringComparison.Ordinal);
        Assert.All(rows.Skip(1), r => Assert.Contains("冀医保发〔2024〕7号 一", r.TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void CapStatement_WithAWorkingValue_MarksItUnconfirmed()
    {
        var view = Calculate("heilongjiang", 2029, 300_000m, Continuous(2025, 2029));

        var statement = Render<CapStatementView>(p => p.Add(c => c.View, view));

        Assert.All(statement.FindAll("tr.cap-line").Skip(1), r => Assert.Contains("⚠暂定", r.TextContent, StringComparison.Ordinal));
        Assert.Contains(statement.FindAll(".cap-note"), n => n.TextContent.Contains("每次提高额度", StringComparison.Ordinal));
    }

    // The notice's reason names T's collection period: a working value of another year's period, read for the history,
    // does not make T's a working value.
    [Fact]
    public void WorkingValue_OfTheYearAsked_IgnoresAnotherYearsValueOfTheSameParameter()
    {
        var view = new CalcView(2027, null, null,
        [
            new ParameterView("collectionPeriod", 2026, "2025-09-01/2025-12-31", "unconfirmed", "c"),
            new ParameterView("collectionPeriod", 2027, "2026-09-01/2026-12-31", "confirmed", "c"),
            new ParameterView("stepAmount", 2027, "2000", "unconfirmed", "c"),
        ], []);

        Assert.False(view.IsWorkingValue("collectionPeriod", 2027));
        Assert.True(view.IsWorkingValue("collectionPeriod", 2026));
        Assert.True(view.IsWorkingValue("collectionPeriod"));
        Assert.True(view.IsWorkingValue("stepAmount"));
        Assert.False(view.IsWorkingValue("originalCap"));
    }

    [Fact]
    public void CapStatement_ForSomeoneNotResidentInsured_SaysThereIsNoCap()
    {
        var view = Calculate("hebei", 2027, 300_000m, [.. Continuous(2025, 2026), new CoverageRecord { Year = 2027, Scheme = Scheme.Employee }]);

        var statement = Render<CapStatementView>(p => p.Add(c => c.View, view));

        Assert.Contains("无大病保险最高支付限额", statement.Find("#cap-none").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_Q2_ShowsTheMonthsTheDatesAndTheRepairOptions()
    {
        var view = Calculate("national", 2027, 300_000m,
            [new CoverageRecord { Year = 2024, PaidOn = new DateOnly(2023, 11, 1) }, new CoverageRecord { Year = 2027, PaidOn = new DateOnly(2026, 11, 10) }], repair: 1);

        var decision = Render<WaitingDecision>(p => p.Add(c => c.Decision, view.Waiting!));

        Assert.Contains("自 2027年4月1日 起享受医保待遇", decision.Find("#benefits-from").TextContent, StringComparison.Ordinal);
        Assert.Contains("固定等待期 3 个月 + 变动等待期 1 个月 − 补缴缩短 1 个月", decision.Find("#decision-months").TextContent, StringComparison.Ordinal);
        var options = decision.FindAll("tr.repair-option");
        Assert.Equal(2, options.Count);
        Assert.Contains("2027年5月1日", options[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("400.00", options[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("待遇开始日提前", options[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Decision_InEnglish_ReadsInEnglish()
    {
        var view = Calculate("national", 2027, 300_000m,
            [new CoverageRecord { Year = 2024, PaidOn = new DateOnly(2023, 11, 1) }, new CoverageRecord { Year = 2027, PaidOn = new DateOnly(2026, 11, 10) }], repair: 1);
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");

            var decision = Render<WaitingDecision>(p => p.Add(c => c.Decision, view.Waiting!));

            Assert.Contains("2 consecutive break years before, a waiting period applies", decision.Find("#decision-reason").TextContent, StringComparison.Ordinal);
            Assert.Contains("3 fixed + 1 variable − 1 repaired = 3 months", decision.Find("#decision-months").TextContent, StringComparison.Ordinal);
            Assert.Contains("Benefits from 2027-04-01", decision.Find("#benefits-from").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Decision_F2_SaysTheWaitCarriedOverFromTheYearBefore()
    {
        var view = Calculate("national", 2026, 300_000m,
        [
            new CoverageRecord { Year = 2024, PaidOn = new DateOnly(2023, 11, 1) },
            new CoverageRecord { Year = 2025, PaidOn = new DateOnly(2025, 11, 6) },
            new CoverageRecord { Year = 2026, PaidOn = new DateOnly(2025, 11, 6) },
        ]);

        var decision = Render<WaitingDecision>(p => p.Add(c => c.Decision, view.Waiting!));

        Assert.Contains("2026年2月6日", decision.Find("#benefits-from").TextContent, StringComparison.Ordinal);
        Assert.Contains("2025 年度的待遇等待期延续", decision.Find("#carried-over").TextContent, StringComparison.Ordinal);
        Assert.Empty(decision.FindAll("tr.repair-option"));
    }

    [Fact]
    public void Timeline_ShowsResidentEmployeeBreakRepairedAndLateYears()
    {
        var person = new Person { Id = 1, IdNumber = "11010519491231002X", Name = "x", BirthDate = new DateOnly(1949, 12, 31), Sex = Domain.Persons.Sex.Female, HouseholdCounty = "130102" };
        person.Coverages.AddRange(
        [
            new Coverage { Year = 2025, Scheme = Scheme.Resident, PaidOn = new DateOnly(2024, 11, 1), Origin = CoverageOrigin.Import },
            new Coverage { Year = 2026, Scheme = Scheme.Employee, Origin = CoverageOrigin.Import },
            new Coverage { Year = 2029, Scheme = Scheme.Resident, PaidOn = new DateOnly(2029, 3, 1), Origin = CoverageOrigin.Registration },
        ]);
        var file = new PersonFile(person) { Repairs = [new RepairPayment { ForCoverageYear = 2029, Years = 1, Amount = 400m, PaidOn = new DateOnly(2029, 3, 1) }] };
        var answers = Enumerable.Range(2025, 6).ToDictionary(y => y, y => FileCalculator.Calculate(file, y, new DateOnly(2029, 12, 31), PolicyCatalog.Shipped, Infrastructure.Regions.RegionDirectory.Shipped).Result!);

        var timeline = Render<CoverageTimeline>(p => p.Add(c => c.Years, CoverageTimeline.Build(file, answers, 2025, 2029)));

        var states = timeline.FindAll(".timeline-year").Select(e => e.GetAttribute("data-state")).ToList();
        Assert.Equal(["resident", "employee", "break", "repaired", "returned"], states);
    }

    [Fact]
    public void Timeline_ShowsCoverHeldElsewhere_ApartFromLocalCover_WithItsPlaceAndEvidence()
    {
        var person = new Person { Id = 1, IdNumber = "11010519491231002X", Name = "x", BirthDate = new DateOnly(1949, 12, 31), Sex = Domain.Persons.Sex.Female, HouseholdCounty = "130102" };
        person.Coverages.AddRange(
        [
            // At home; then Beijing from an import; Baoding from a clerk's record; Shijiazhuang's 桥西区 (the household's own
            // pooling region, so local); Baoding again from an import that did not mark it (another city, so elsewhere).
            new Coverage { Year = 2025, Scheme = Scheme.Resident, PaidOn = new DateOnly(2024, 11, 1), County = "130102", Origin = CoverageOrigin.Import },
            new Coverage { Year = 2026, Scheme = Scheme.Resident, PaidOn = new DateOnly(2025, 11, 1), County = "110105", Origin = CoverageOrigin.AnotherProvince },
            new Coverage { Year = 2027, Scheme = Scheme.Employee, County = "130602", Origin = CoverageOrigin.Elsewhere, Evidence = "冀职工参保查询 QX-88" },
            new Coverage { Year = 2028, Scheme = Scheme.Resident, PaidOn = new DateOnly(2027, 11, 1), County = "130104", Origin = CoverageOrigin.Import },
            new Coverage { Year = 2029, Scheme = Scheme.Resident, PaidOn = new DateOnly(2028, 11, 1), County = "130602", Origin = CoverageOrigin.Import },
        ]);
        var file = new PersonFile(person);
        var answers = Enumerable.Range(2025, 6).ToDictionary(y => y, y => FileCalculator.Calculate(file, y, new DateOnly(2029, 12, 31), PolicyCatalog.Shipped, Infrastructure.Regions.RegionDirectory.Shipped).Result!);

        var timeline = Render<CoverageTimeline>(p => p.Add(c => c.Years, CoverageTimeline.Build(file, answers, 2025, 2029)));

        var chips = timeline.FindAll(".timeline-year");
        Assert.Equal(["resident", "elsewhere", "elsewhere", "resident", "elsewhere"], chips.Select(e => e.GetAttribute("data-state")));
        Assert.Contains("外地参保", chips[1].TextContent, StringComparison.Ordinal);
        Assert.Equal(" · 北京市朝阳区", chips[1].QuerySelector(".timeline-place")!.TextContent);
        Assert.Equal(" · 河北省保定市竞秀区", chips[2].QuerySelector(".timeline-place")!.TextContent);
        Assert.Equal("职工医保", chips[2].GetAttribute("title"));
        Assert.Equal("参保凭证：冀职工参保查询 QX-88", chips[2].QuerySelector(".timeline-place")!.GetAttribute("title"));
        Assert.Null(chips[0].QuerySelector(".timeline-place"));
        Assert.Null(chips[3].QuerySelector(".timeline-place"));
        // Insured like local cover: no year before 2029 is a break, so no decrease.
        Assert.Equal((0, 0m), (answers[2029].BreakYears, answers[2029].Cap!.Decrease));
    }
}
