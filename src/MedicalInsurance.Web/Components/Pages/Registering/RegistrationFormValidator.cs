using FluentValidation;

namespace MedicalInsurance.Web.Components.Pages.Registering;

/// <summary>Checks each field on its own; the rules of the policy (repair no more than the break years, …) come from the engine.</summary>
public sealed class RegistrationFormValidator : AbstractValidator<RegistrationForm>
{
    /// <param name="today">Today in China.</param>
    /// <param name="startYear">The mechanism's start year S in the person's province (the engine's): the year before it is the earliest registered here.</param>
    public RegistrationFormValidator(DateOnly today, int startYear)
    {
        var first = Math.Min(startYear - 1, today.Year);
        RuleFor(f => f.CoverageYear).InclusiveBetween(first, today.Year + 1).WithMessage($"参保年度须在{first}年至{today.Year + 1}年之间");
        RuleFor(f => f.PaidOn).NotNull().WithMessage("请填写缴费日期")
            .Must(d => d is null || DateOnly.FromDateTime(d.Value) <= today).WithMessage("缴费日期不能晚于今天")
            .Must((f, d) => d is null || d.Value.Year <= f.CoverageYear).WithMessage("缴费日期不能晚于参保年度的12月31日");
        RuleFor(f => f.Amount).GreaterThanOrEqualTo(0).When(f => f.Amount is not null).WithMessage("缴费金额不能为负数")
            .Must(a => a is null || decimal.Round(a.Value, 2) == a.Value).WithMessage("缴费金额最多两位小数");
        RuleFor(f => f.RepairYears).InclusiveBetween(0, 30).WithMessage("补缴年数须为0至30之间的整数");
        RuleFor(f => f.PreviousCoverageEndedOn).NotNull().When(f => f.FromEmployeeInsurance).WithMessage("请填写职工医保终止日期")
            .Must((f, d) => d is null || f.PaidOn is null || d.Value <= f.PaidOn.Value).When(f => f.FromEmployeeInsurance).WithMessage("职工医保终止日期不能晚于缴费日期");
    }
}
