using System.Text.Json.Nodes;
using MedicalInsurance.Domain.Provinces;
using static MedicalInsurance.Domain.UnitTests.Person;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class PolicyCatalogTests
{
    private static JsonObject ShippedData()
    {
        using var stream = typeof(PolicyCatalog).Assembly.GetManifestResourceStream("MedicalInsurance.Domain.Provinces.policies.json")!;
        return JsonNode.Parse(stream)!.AsObject();
    }

    [Fact]
    public void Shipped_HasTheFourProvincesAskedFor()
    {
        Assert.Equal(["national", "hebei", "heilongjiang", "guizhou"], PolicyCatalog.Shipped.ProvinceIds);
    }

    [Fact]
    public void AFifthProvince_AddedAsDataAlone_GetsAnswers()
    {
        var data = ShippedData();
        data["citations"]!["zhejiang.doc"] = "浙医保发〔2099〕1号 二";
        data["provinces"]!.AsArray().Add(JsonNode.Parse("""
            {
              "id": "zhejiang", "name": "浙江省", "divisionCode": "330000",
              "parameters": {
                "startYear": [ { "value": 2026, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "continuousStepFromRunYear": [ { "value": 3, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "stepAmount": [ { "value": { "amount": 1500 }, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "incentiveCeiling": [ { "value": { "percentOfCap": 10 }, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "penalty": [ { "value": { "kind": "perReturn", "amount": 500 }, "status": "unconfirmed", "citation": "zhejiang.doc" } ],
                "penaltyCeiling": [ { "value": { "percentOfCap": 10 }, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "exemptGroups": [ { "value": [ "hardship" ], "status": "confirmed", "citation": "zhejiang.doc" } ],
                "fixedWaitingMonths": [ { "value": 2, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "waitingFloor": [ { "value": { "months": 5, "fromBreakYears": 3 }, "status": "confirmed", "citation": "zhejiang.doc" } ],
                "waitingStartsOn": [ { "value": "laterOfPaymentAndYearStart", "status": "interpretation", "citation": "zhejiang.doc" } ],
                "collectionPeriod": [ { "value": { "fromMonthDay": "09-01", "toMonthDay": "12-31" }, "status": "unconfirmed", "citation": "zhejiang.doc" } ]
              }
            }
            """));
        var catalog = PolicyCatalog.Load(data.ToJsonString());

        var result = In("zhejiang", 2030).Resident(2026, "2025-11-01", fund: 5m).Resident(2027, "2026-11-01", fund: 5m)
            .Resident(2029, "2028-11-01", fund: 5m).Resident(2030, "2030-02-01").Result(catalog);

        // Run: 2026=1, 2027=2, break 2028, 2029=1, 2030=2: no continuous step (from 3); zero-claim: none (claims);
        // one return (2029) at 500; waiting: late, b(2030)=0 → fixed 2 months from the payment date.
        Assert.Equal(299_500m, result.Cap!.Effective);
        Assert.Equal(2, result.WaitingPeriod!.TotalMonths);
        Assert.Equal(D("2030-04-01"), result.WaitingPeriod.BenefitsFrom);
        Assert.All(result.Cap.Lines, l => Assert.Equal("浙医保发〔2099〕1号 二", l.Citation));
        Assert.Contains(result.Notes, n => n.Contains("断保降低额度", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WithAnUnknownCitationKey_Fails()
    {
        var data = ShippedData();
        data["provinces"]![1]!["parameters"]!["stepAmount"]![0]!["citation"] = "no.such.key";

        var error = Assert.Throws<InvalidDataException>(() => PolicyCatalog.Load(data.ToJsonString()));
        Assert.Contains("no.such.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnEmptyCitation_Fails()
    {
        var data = ShippedData();
        data["citations"]!["hebei.1"] = " ";

        Assert.Throws<InvalidDataException>(() => PolicyCatalog.Load(data.ToJsonString()));
    }

    [Fact]
    public void Load_WithAnAlternativeSwitchReading_RefusesIt()
    {
        var data = ShippedData();
        data["provinces"]![3]!["switches"] = new JsonObject { ["penaltyAccumulates"] = "level" };

        var error = Assert.Throws<InvalidDataException>(() => PolicyCatalog.Load(data.ToJsonString()));
        Assert.Contains("penaltyAccumulates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switches_EveryOneInTheRegister_HasItsDefault()
    {
        var hebei = PolicyCatalog.Shipped.TryResolve("hebei", null, out var policy) ? policy : null;

        var switches = hebei!.ForYear(2026).Switches.Values;

        // waitingStartsOn left the register: it is a per-province parameter now (RULES.md §4).
        Assert.Equal(11, switches.Count);
        Assert.Equal(PolicySwitches.Defaults, switches);
    }

    [Fact]
    public void PoolingRegion_Overrides_TheProvinceValue()
    {
        var data = ShippedData();
        data["provinces"]![2]!["poolingRegions"] = JsonNode.Parse("""
            { "230100": { "parameters": { "stepAmount": [ { "from": 2026, "value": { "amount": 2500 }, "status": "unconfirmed", "citation": "heilongjiang.2.3" } ] } } }
            """);
        var catalog = PolicyCatalog.Load(data.ToJsonString());

        Assert.True(catalog.TryResolve("heilongjiang", "230100", out var harbin));
        Assert.True(catalog.TryResolve("heilongjiang", "230200", out var qiqihar));

        Assert.Equal(2500m, harbin.ForYear(2026).StepAmount!.Value.Value.Amount);
        Assert.Equal(1000m, harbin.ForYear(2025).StepAmount!.Value.Value.Amount);
        Assert.Equal(1000m, qiqihar.ForYear(2026).StepAmount!.Value.Value.Amount);
    }

    [Theory]
    [InlineData("stepAmount", """{ "amount": 2500 }""")]
    [InlineData("penalty", """{ "kind": "perBreakYear", "amount": 1000 }""")]
    [InlineData("incentiveCeiling", """{ "percentOfCap": 25 }""")]
    [InlineData("penaltyCeiling", """{ "percentOfCap": 10 }""")]
    [InlineData("continuousStepFromRunYear", "4")]
    public void Hebei_RefusesAPoolingRegionOverrideOfItsIncentivesAndPenalties(string name, string value)
    {
        // 冀医保发〔2024〕7号 一: "全省执行统一的激励约束政策，各地不得再出台相关政策".
        var data = ShippedData();
        data["provinces"]![1]!["poolingRegions"] = JsonNode.Parse($$"""
            { "130200": { "parameters": { "{{name}}": [ { "from": 2026, "value": {{value}}, "status": "unconfirmed", "citation": "hebei.1" } ] } } }
            """);

        var error = Assert.Throws<InvalidDataException>(() => PolicyCatalog.Load(data.ToJsonString()));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hebei_TakesAPoolingRegionsOwnOriginalCap()
    {
        var data = ShippedData();
        data["provinces"]![1]!["poolingRegions"] = JsonNode.Parse("""
            { "130200": { "parameters": { "originalCap": [ { "value": 350000, "status": "unconfirmed", "citation": "hebei.1" } ] } } }
            """);

        var catalog = PolicyCatalog.Load(data.ToJsonString());

        Assert.True(catalog.TryResolve("hebei", "130200", out var tangshan));
        Assert.Equal(350_000m, tangshan.ForYear(2026).OriginalCap!.Value.Value);
    }

    [Theory]
    [InlineData("hebei", 2025, "2024-09-01", "2024-12-28")]
    [InlineData("hebei", 2026, "2025-10-20", "2026-02-28")]
    [InlineData("hebei", 2030, "2029-09-01", "2029-12-28")]
    [InlineData("guizhou", 2025, "2024-09-23", "2025-02-28")]
    [InlineData("guizhou", 2026, "2025-09-01", "2025-12-31")]
    [InlineData("heilongjiang", 2025, "2024-09-01", "2024-12-31")]
    [InlineData("national", 2027, "2026-09-01", "2026-12-31")]
    public void CollectionPeriod_ForAYear_IsTheDocumentedOne(string province, int year, string from, string to)
    {
        PolicyCatalog.Shipped.TryResolve(province, null, out var policy);

        var period = policy.ForYear(year).CollectionPeriod!.Value.Value;

        Assert.Equal((D(from), D(to)), (period.From, period.To));
    }

    [Fact]
    public void EveryCitation_InEveryWorkedExample_IsKnownAndNotEmpty()
    {
        var known = PolicyCatalog.Shipped.KnownCitations;
        foreach (var example in WorkedExample.All.Where(e => e.ExpectedErrorField is null))
        {
            var result = TestCalc.Result(example.RequestJson);
            var citations = result.Cap?.Lines.Select(l => l.Citation)
                .Concat(result.Parameters.Select(p => p.Citation))
                .Append(result.WaitingPeriod?.Citation ?? known.First()) ?? [];
            Assert.All(citations, c => Assert.True(!string.IsNullOrWhiteSpace(c) && known.Contains(c), $"{example.Name}: unknown citation '{c}'"));
        }
    }

    [Theory]
    [InlineData("hebei, November: next year's period is open", "hebei", "2026-11-20", 2027)]
    [InlineData("hebei, 28 December: its last day", "hebei", "2026-12-28", 2027)]
    [InlineData("hebei, 29 December: closed", "hebei", "2026-12-29", null)]
    [InlineData("hebei, February 2026: the 2026 period runs to 02-28", "hebei", "2026-02-10", 2026)]
    [InlineData("hebei, June: nothing is being collected", "hebei", "2026-06-15", null)]
    [InlineData("guizhou, February 2025: the 2025 period runs to 02-28", "guizhou", "2025-02-10", 2025)]
    [InlineData("heilongjiang, 31 December", "heilongjiang", "2026-12-31", 2027)]
    public void YearBeingCollected_IsTheYearWhosePeriodIsOpen(string label, string province, string today, int? year)
    {
        PolicyCatalog.Shipped.TryResolve(province, null, out var policy);

        Assert.True(year == policy.YearBeingCollected(D(today)), label);
    }
}
