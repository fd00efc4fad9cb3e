using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Provinces;
using static MedicalInsurance.Domain.UnitTests.Person;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class CapRuleTests
{
    [Fact]
    public void Statement_WhenTheCeilingCutsTheLastStep_TruncatesItAndSaysSo()
    {
        var cap = In("hebei", 2042).Cap(305_000m).ResidentYears(2025, 2042).Result().Cap!;

        Assert.Equal(14, cap.ContinuousSteps);
        Assert.Equal(17, cap.ZeroClaimSteps);
        Assert.Equal(61_000m, cap.Increase);
        Assert.Equal(366_000m, cap.Effective);
        var ceiling = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.Ceiling);
        Assert.Equal(-1_000m, ceiling.Amount);
        Assert.Equal("increase", ceiling.Bounds);
        Assert.Equal(cap.Effective - cap.Original, cap.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Statement_FirstContinuousStep_IsEarnedInTheFifthResidentYear()
    {
        var cap = In("hebei", 2029).ResidentYears(2025, 2029).Result().Cap!;

        var lines = cap.Lines.Select(l => (l.Kind, l.Year, l.Amount)).ToList();

        Assert.Equal(
        [
            (CapLineKind.ZeroClaim, 2025, 2000m),
            (CapLineKind.ZeroClaim, 2026, 2000m),
            (CapLineKind.ZeroClaim, 2027, 2000m),
            (CapLineKind.ZeroClaim, 2028, 2000m),
            (CapLineKind.Continuous, 2029, 2000m),
        ], lines);
        Assert.All(cap.Lines, l => Assert.Equal("冀医保发〔2024〕7号 一", l.Citation));
    }

    [Theory]
    [InlineData("payouts equal to C − decrease: the reward was not used", 300_000, 8_000)]
    [InlineData("payouts one fen above: zero-claim steps clear", 300_000.01, 2_000)]
    public void Clearing_AtTheThreshold_IsStrictlyAbove(string label, double payouts, double increase)
    {
        var paid = (decimal)payouts;
        var cap = In("hebei", 2029).ResidentYears(2025, 2027).Resident(2028, "2027-11-01", fund: paid + 1000m, catastrophic: paid).Resident(2029, "2028-11-01")
            .Result().Cap!;

        Assert.True((decimal)increase == cap.Increase, label);
    }

    [Fact]
    public void ZeroClaimStep_WithoutAReimbursementFigure_IsMarkedNoClaimsRecorded()
    {
        var cap = In("hebei", 2027).Resident(2025, "2024-11-01").Resident(2026, "2025-11-01", fund: 0m).Resident(2027, "2026-11-01").Result().Cap!;

        Assert.Equal([true, false], cap.Lines.Select(l => l.NoClaimsRecorded));
    }

    [Theory]
    [InlineData("asked in November 2026: 2026 is not over", "2026-11-20", true)]
    [InlineData("asked on 31 December 2026: still not over", "2026-12-31", true)]
    [InlineData("asked on 1 January 2027: settled", "2027-01-01", false)]
    public void ZeroClaimStep_ForAYearNotOver_IsProvisional(string label, string asOf, bool provisional)
    {
        // Registering for 2027 in the 2027 collection period: the 2026 step rests on the claims known so far.
        var cap = In("hebei", 2027).AsOf(asOf).Resident(2025, "2024-11-01", fund: 10m).Resident(2026, "2025-11-01", fund: 0m).Resident(2027, "2026-11-01").Result().Cap!;

        var step = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.ZeroClaim);
        Assert.True(provisional == step.Provisional, label);
        Assert.Equal(2026, step.Year);
    }

    [Fact]
    public void Penalty_AboveTheCeiling_IsCutToTwentyPercent()
    {
        var cap = In("hebei", 2032).Cap(50_000m).ResidentYears(2025, 2025).Resident(2032, "2031-11-01").Result().Cap!;

        var penalty = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.BreakPenalty);
        Assert.Equal((2032, -12_000m, 6), (penalty.Year, penalty.Amount, penalty.BreakYears!.Value));
        var ceiling = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.Ceiling);
        Assert.Equal((2_000m, "decrease"), (ceiling.Amount, ceiling.Bounds));
        Assert.Equal(10_000m, cap.Decrease);
        Assert.Equal(cap.Effective - cap.Original, cap.Lines.Sum(l => l.Amount));
    }

    [Fact]
    public void Penalty_InGuizhou_IsOnePerReturn_WhateverTheBreakLength()
    {
        var cap = In("guizhou", 2031).Resident(2025, "2024-11-01", fund: 10m).Resident(2029, "2028-11-01", fund: 10m)
            .Resident(2030, "2029-11-01", fund: 10m).Resident(2031, "2030-11-01").Result().Cap!;

        var penalty = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.BreakPenalty);
        Assert.Equal((2029, -6_000m, 3), (penalty.Year, penalty.Amount, penalty.BreakYears!.Value));
    }

    [Fact]
    public void Penalty_ForAReturnUnderEmployeeInsurance_StillCounts()
    {
        var cap = In("hebei", 2029).ResidentYears(2025, 2025).Employee(2028).Resident(2029, "2028-11-01").Result().Cap!;

        var penalty = Assert.Single(cap.Lines, l => l.Kind == CapLineKind.BreakPenalty);
        Assert.Equal((2028, 2), (penalty.Year, penalty.BreakYears!.Value));
    }

    [Fact]
    public void Cap_WhenNotResidentInsuredInT_IsNull()
    {
        var result = In("hebei", 2027).ResidentYears(2025, 2026).Employee(2027).Result();

        Assert.Null(result.Cap);
        Assert.Null(result.WaitingPeriod);
    }

    [Fact]
    public void Cap_BeforeTheStartYear_IsTheOriginalWithNoLines()
    {
        var cap = In("hebei", 2024).Resident(2023, "2022-11-01").Resident(2024, "2023-11-01").Result().Cap!;

        Assert.Equal(300_000m, cap.Effective);
        Assert.Empty(cap.Lines);
    }

    [Fact]
    public void Step_AsAPercentage_IsRoundedToTheFen()
    {
        var cap = In("guizhou", 2026).Cap(333_333m).ResidentYears(2025, 2026).Result().Cap!;

        Assert.Equal(6_666.66m, cap.Increase);
        Assert.Equal(339_999.66m, cap.Effective);
    }

    [Fact]
    public void Ceiling_IsRoundedDown_NeverUp()
    {
        Assert.Equal(66_666.60m, YearPolicy.CeilingOf(333_333m, 20m));
        Assert.Equal(20_000.02m, YearPolicy.CeilingOf(100_000.13m, 20m));
    }

    [Fact]
    public void UnconfirmedParameters_AreListedWithTheirStatus_AndNoted()
    {
        var result = In("heilongjiang", 2029).ResidentYears(2025, 2029).Result();

        var step = Assert.Single(result.Parameters, p => p.Name == "stepAmount");
        Assert.Equal(ParameterStatus.Unconfirmed, step.Status);
        Assert.Contains(result.Notes, n => n.Contains("每次提高额度", StringComparison.Ordinal) && n.Contains("暂定", StringComparison.Ordinal));
    }
}
