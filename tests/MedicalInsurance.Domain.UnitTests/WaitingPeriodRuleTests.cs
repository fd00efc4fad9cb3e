using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.WaitingPeriods;
using static MedicalInsurance.Domain.UnitTests.Person;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class WaitingPeriodRuleTests
{
    [Theory]
    [InlineData("hebei 2025: last day of the period", "hebei", 2025, "2024-12-28", WaitingReason.OnTime, "2025-01-01")]
    [InlineData("hebei 2025: the day after, 3 months from the payment date", "hebei", 2025, "2024-12-29", WaitingReason.Waiting, "2025-03-29")]
    [InlineData("hebei 2026: last day, paid in the year itself", "hebei", 2026, "2026-02-28", WaitingReason.OnTime, "2026-02-28")]
    [InlineData("hebei 2026: the day after", "hebei", 2026, "2026-03-01", WaitingReason.Waiting, "2026-06-01")]
    [InlineData("hebei 2027: standing rule, last day", "hebei", 2027, "2026-12-28", WaitingReason.OnTime, "2027-01-01")]
    [InlineData("hebei 2027: standing rule, the day after, 3 months from the payment date", "hebei", 2027, "2026-12-29", WaitingReason.Waiting, "2027-03-29")]
    [InlineData("heilongjiang 2025: last day", "heilongjiang", 2025, "2024-12-31", WaitingReason.OnTime, "2025-01-01")]
    [InlineData("heilongjiang 2025: the day after", "heilongjiang", 2025, "2025-01-01", WaitingReason.Waiting, "2025-04-01")]
    [InlineData("guizhou 2025: last day", "guizhou", 2025, "2025-02-28", WaitingReason.OnTime, "2025-02-28")]
    [InlineData("guizhou 2025: the day after", "guizhou", 2025, "2025-03-01", WaitingReason.Waiting, "2025-06-01")]
    [InlineData("national 2027: last day of the default period", "national", 2027, "2026-12-31", WaitingReason.OnTime, "2027-01-01")]
    [InlineData("national 2027: the day after", "national", 2027, "2027-01-01", WaitingReason.Waiting, "2027-04-01")]
    public void OnTimeCheck_AtTheEndOfTheCollectionPeriod_DecidesTheReason(string label, string province, int year, string paidOn, WaitingReason reason, string benefitsFrom)
    {
        var person = In(province, year).ResidentYears(2024, year - 1).Resident(year, paidOn);

        var decision = person.Result().WaitingPeriod!;

        Assert.True(reason == decision.Reason, label);
        Assert.Equal(D(benefitsFrom), decision.BenefitsFrom);
    }

    [Theory]
    [InlineData("3 break years, no repair", 3, 0, 5)]
    [InlineData("3 break years, 1 repaired", 3, 1, 4)]
    [InlineData("3 break years, 2 repaired: only the fixed 3 remain", 3, 2, 3)]
    [InlineData("4 break years, no repair: the floor of 6", 4, 0, 6)]
    [InlineData("5 break years, no repair", 5, 0, 7)]
    [InlineData("5 break years, 1 repaired: 6", 5, 1, 6)]
    [InlineData("6 break years, no repair", 6, 0, 8)]
    [InlineData("6 break years, 1 repaired", 6, 1, 7)]
    [InlineData("6 break years, 2 repaired: the floor reached", 6, 2, 6)]
    public void WaitingPeriod_AfterBreakYears_AddsAMonthPerYearAfterTheFirst(string label, int breakYears, int repaired, int totalMonths)
    {
        var t = 2025 + breakYears;
        var person = In("national", t).Resident(2024, "2023-11-01").Resident(t, $"{t - 1}-11-01").Repair(repaired);

        var decision = person.Result().WaitingPeriod!;

        Assert.True(WaitingReason.Waiting == decision.Reason, label);
        Assert.Equal(breakYears, decision.BreakYears);
        Assert.Equal(3, decision.FixedMonths);
        Assert.Equal(breakYears - 1, decision.VariableMonths);
        Assert.Equal(totalMonths, decision.TotalMonths);
        Assert.Equal(new DateOnly(t, 1, 1).AddMonths(totalMonths), decision.BenefitsFrom);
        Assert.Equal(decision.BenefitsFrom.AddDays(-1), decision.LastDay);
        Assert.Equal(new DateOnly(t, 1, 1), decision.FirstDay);
    }

    [Theory]
    [InlineData("3 break years, 3 repaired: the fixed months never shrink", 3, 3)]
    [InlineData("4 break years, 1 repaired: the floor of 6 gains nothing", 4, 1)]
    [InlineData("4 break years, 3 repaired: still 6", 4, 3)]
    [InlineData("5 break years, 2 repaired: the floor binds after 1", 5, 2)]
    [InlineData("6 break years, 3 repaired: the floor binds after 2", 6, 3)]
    public void Repair_ThatWouldNotBringBenefitsEarlier_IsRefused(string label, int breakYears, int repaired)
    {
        var t = 2025 + breakYears;
        var person = In("national", t).Resident(2024, "2023-11-01").Resident(t, $"{t - 1}-11-01").Repair(repaired);

        var error = person.Error();

        Assert.True(error.Field == "repairYears", label);
    }

    [Fact]
    public void RepairOptions_ForFiveBreakYears_ListOnlyTheRepairsThatBringBenefitsEarlier()
    {
        var decision = In("national", 2030).Resident(2024, "2023-11-01").Resident(2030, "2029-11-01").Result().WaitingPeriod!;

        var rows = decision.RepairOptions.Select(o => (o.Years, o.TotalMonths, o.Cost, o.Shortens)).ToList();

        Assert.Equal(
        [
            (0, 7, 0m, false),
            (1, 6, 400m, true),
        ], rows);
        Assert.Equal(D("2030-08-01"), decision.RepairOptions[0].BenefitsFrom);
        Assert.Equal(D("2030-07-01"), decision.RepairOptions[1].BenefitsFrom);
    }

    [Fact]
    public void RepairOptions_WithoutBreakYears_AreEmpty()
    {
        var decision = In("national", 2026).ResidentYears(2025, 2025).Resident(2026, "2026-03-01").Result().WaitingPeriod!;

        Assert.Equal(WaitingReason.Waiting, decision.Reason);
        Assert.Empty(decision.RepairOptions);
    }

    [Theory]
    [InlineData("paid 90 days after birth: covered from birth", "2026-08-30", "2026-06-01")]
    [InlineData("paid 91 days after birth, birth year: from the payment date", "2026-08-31", "2026-08-31")]
    public void Newborn_InTheBirthYear_IsExempt(string label, string paidOn, string benefitsFrom)
    {
        var decision = In("hebei", 2026).BornOn("2026-06-01").Resident(2026, paidOn).Result().WaitingPeriod!;

        Assert.True(WaitingReason.Newborn == decision.Reason, label);
        Assert.Equal(D(benefitsFrom), decision.BenefitsFrom);
    }

    [Theory]
    [InlineData("paid for the next year 90 days after birth: newborn", "2027-03-20", WaitingReason.Newborn, 0, "2027-01-01")]
    [InlineData("paid 91 days after birth: the birth year is a break year", "2027-03-21", WaitingReason.Waiting, 1, "2027-06-21")]
    public void Newborn_PayingForTheYearAfterBirth_DependsOnNinetyDays(string label, string paidOn, WaitingReason reason, int breakYears, string benefitsFrom)
    {
        var decision = In("hebei", 2027).BornOn("2026-12-20").Resident(2027, paidOn).Result().WaitingPeriod!;

        Assert.True(reason == decision.Reason, label);
        Assert.Equal(breakYears, decision.BreakYears);
        Assert.Equal(D(benefitsFrom), decision.BenefitsFrom);
    }

    [Theory]
    [InlineData("E 03-31, paid 06-30 (3 months), back-paid: from E + 1", "2026-03-31", "2026-06-30", true, WaitingReason.SchemeSwitch, "2026-04-01")]
    [InlineData("E 03-31, paid 06-30, not back-paid: no exemption, an ordinary late payment", "2026-03-31", "2026-06-30", false, WaitingReason.Waiting, "2026-09-30")]
    [InlineData("E 03-31, paid 07-01: the window's last day (3 months inclusive)", "2026-03-31", "2026-07-01", true, WaitingReason.SchemeSwitch, "2026-04-01")]
    [InlineData("E 03-31, paid 07-02: one day too late", "2026-03-31", "2026-07-02", true, WaitingReason.Waiting, "2026-10-02")]
    [InlineData("E 04-30, paid 08-01: the window's last day", "2026-04-30", "2026-08-01", true, WaitingReason.SchemeSwitch, "2026-05-01")]
    [InlineData("E 04-30, paid 08-02: one day too late", "2026-04-30", "2026-08-02", true, WaitingReason.Waiting, "2026-11-02")]
    [InlineData("E 04-30, paid on E itself, back-paid", "2026-04-30", "2026-04-30", true, WaitingReason.SchemeSwitch, "2026-05-01")]
    public void SchemeSwitch_WithinThreeMonthsOfTheEndOfEmployeeCover_HasNoWaitingPeriod(string label, string ended, string paidOn, bool backPaid, WaitingReason reason, string benefitsFrom)
    {
        var person = In("heilongjiang", 2026).Resident(2024, "2023-11-01").Employee(2025).Employee(2026).Resident(2026, paidOn).SwitchedAfter(ended, backPaid);

        var decision = person.Result().WaitingPeriod!;

        Assert.True(reason == decision.Reason, label);
        Assert.Equal(D(benefitsFrom), decision.BenefitsFrom);
    }

    [Fact]
    public void SchemeSwitch_WithoutTwoInsuredYears_IsAnOrdinaryLatePayment()
    {
        var person = In("heilongjiang", 2026).Employee(2025).Employee(2026).Resident(2026, "2026-05-01").SwitchedAfter("2026-03-31", backPaid: true);

        Assert.Equal(WaitingReason.Waiting, person.Result().WaitingPeriod!.Reason);
    }

    [Theory]
    [InlineData("31 Jan + 3 months: the last day of April", "2026-01-31", "2026-04-30")]
    [InlineData("30 Nov + 3 months into a leap year: 29 Feb", "2027-11-30", "2028-02-29")]
    [InlineData("30 Nov + 3 months into a common year: 28 Feb", "2028-11-30", "2029-02-28")]
    [InlineData("31 Aug + 3 months: 30 Nov", "2026-08-31", "2026-11-30")]
    [InlineData("15 Mar + 3 months: the same day", "2026-03-15", "2026-06-15")]
    public void WaitingPeriod_EndingPastAMonthEnd_FallsBackToItsLastDay(string label, string paidOn, string benefitsFrom)
    {
        // A payment within T itself is after every national collection period for T: three months from the payment.
        var t = D(paidOn).Year;

        var decision = In("national", t).ResidentYears(2025, t - 1).Resident(t, paidOn).Result().WaitingPeriod!;

        Assert.True(D(benefitsFrom) == decision.BenefitsFrom, label);
        Assert.Equal(D(benefitsFrom).AddDays(-1), decision.LastDay);
        Assert.Equal(3, decision.TotalMonths);
    }

    [Fact]
    public void CarryOver_FromALateYearBefore_DelaysAnOnTimeYear()
    {
        var decision = In("national", 2026).Resident(2024, "2023-11-01").Resident(2025, "2025-11-06").Resident(2026, "2025-11-06").Result().WaitingPeriod!;

        Assert.Equal(WaitingReason.OnTime, decision.Reason);
        Assert.Equal(D("2026-02-06"), decision.BenefitsFrom);
        Assert.Equal(2025, decision.CarriedOverFrom);
    }

    [Fact]
    public void CarryOver_WhenTheYearBeforeEndedItsWaitInThatYear_DoesNothing()
    {
        var decision = In("national", 2026).Resident(2024, "2023-11-01").Resident(2025, "2025-03-06").Resident(2026, "2025-11-06").Result().WaitingPeriod!;

        Assert.Equal(D("2026-01-01"), decision.BenefitsFrom);
        Assert.Null(decision.CarriedOverFrom);
    }

    [Theory]
    [InlineData("heilongjiang exempts medical aid", "heilongjiang", EnrollmentGroup.MedicalAid, WaitingReason.ExemptGroup)]
    [InlineData("heilongjiang exempts veterans", "heilongjiang", EnrollmentGroup.Veteran, WaitingReason.ExemptGroup)]
    [InlineData("heilongjiang does not list hardship", "heilongjiang", EnrollmentGroup.Hardship, WaitingReason.Waiting)]
    [InlineData("guizhou exempts hardship", "guizhou", EnrollmentGroup.Hardship, WaitingReason.ExemptGroup)]
    [InlineData("guizhou does not list medical aid", "guizhou", EnrollmentGroup.MedicalAid, WaitingReason.Waiting)]
    [InlineData("hebei lists only newborns", "hebei", EnrollmentGroup.Veteran, WaitingReason.Waiting)]
    [InlineData("national lists only newborns", "national", EnrollmentGroup.VeteranSpouse, WaitingReason.Waiting)]
    public void ExemptGroups_AreThoseTheProvinceLists(string label, string province, EnrollmentGroup group, WaitingReason reason)
    {
        var decision = In(province, 2026).ResidentYears(2025, 2025).Resident(2026, "2026-05-20", group: group).Result().WaitingPeriod!;

        Assert.True(reason == decision.Reason, label);
    }

    [Fact]
    public void BeforeTheStartYear_IsNotApplicable_FromThePaymentDate()
    {
        var decision = In("hebei", 2024).Resident(2024, "2024-05-01").Result().WaitingPeriod!;

        Assert.Equal(WaitingReason.NotApplicable, decision.Reason);
        Assert.False(decision.Required);
        Assert.Equal(D("2024-05-01"), decision.BenefitsFrom);
    }

    [Fact]
    public void WithoutAPaymentDateForT_ThereIsNoDecision()
    {
        var result = In("hebei", 2026).ResidentYears(2025, 2025).Resident(2026).Result();

        Assert.Null(result.WaitingPeriod);
        Assert.NotNull(result.Cap);
    }
}
