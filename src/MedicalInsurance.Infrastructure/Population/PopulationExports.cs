using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>
/// The list of the uninsured as files: for the townships' door-to-door work (names and phones in full, ID numbers masked)
/// and as an SMS list (phone and the message from the county's template; nothing is sent). Each export is audited.
/// </summary>
public sealed class PopulationExports(UninsuredLists lists, SmsTemplates templates)
{
    /// <summary>The door-to-door list; null outside the caller's scope.</summary>
    public async Task<ExportTable?> DoorToDoorAsync(UserScope scope, string county, int year, ListDuty duty, ExportFormat format, CancellationToken cancellationToken = default)
    {
        if (await lists.HeaderAsync(scope, county, year, duty, cancellationToken) is not UninsuredOutcome.Listed listed)
        {
            return null;
        }

        var regions = RegionDirectory.Shipped;
        var rows = lists.ExportAsync(scope, county, year, duty, "uninsured", Name(format), cancellationToken).Select(e => new object?[]
        {
            e.Township, e.TownshipName ?? (e.Township is null ? null : "（未收录的乡镇代码）"), e.HouseholdNumber, e.Name.Length > 0 ? e.Name : "（未取名）", e.IdNumber, e.Phone,
            regions.FullName(e.HouseholdCounty), e.LivesInCounty == e.HouseholdCounty ? "同户籍地" : regions.FullName(e.LivesInCounty),
            e.ReasonText, e.Household?.FromUnpaidMember,
            e.IfLateWaitingMonths, e.IfLateBenefitsFrom, e.IfSkipDecrease, e.IfSkipWaitingMonths, e.IfSkipBenefitsFrom,
        });
        ExportColumn[] columns =
        [
            new("乡镇代码", ColumnKind.Text), new("乡镇（街道）", ColumnKind.Text), new("户号", ColumnKind.Text), new("姓名", ColumnKind.Text),
            new("身份证号（未落户的新生儿：出生医学证明编号）", ColumnKind.Text), new("联系电话", ColumnKind.Text), new("户籍地", ColumnKind.Text), new("居住地", ColumnKind.Text),
            new("原因", ColumnKind.Text), new("家庭情况", ColumnKind.Text),
            new("集中参保期后缴费：等待期(月)", ColumnKind.Integer), new("集中参保期后缴费：待遇起始日", ColumnKind.Date),
            new($"本年度不缴、{year + 1}年度按期缴费：封顶线降低(元)", ColumnKind.Decimal), new("本年度不缴：等待期(月)", ColumnKind.Integer), new("本年度不缴：待遇起始日", ColumnKind.Date),
        ];
        return new ExportTable("uninsured", $"{listed.Year}年度排查名单（{Duty(duty)}）", columns, rows);
    }

    /// <summary>The SMS list: those with a phone, each with the county's template filled in; null outside the caller's scope.</summary>
    public async Task<ExportTable?> SmsAsync(UserScope scope, string county, int year, ListDuty duty, ExportFormat format, CancellationToken cancellationToken = default)
    {
        if (await lists.HeaderAsync(scope, county, year, duty, cancellationToken) is not UninsuredOutcome.Listed listed)
        {
            return null;
        }

        var (template, _) = await templates.ForCountyAsync(county, cancellationToken);
        var countyName = RegionDirectory.Shipped.Find(county)?.Name ?? county;
        var rows = lists.ExportAsync(scope, county, year, duty, "uninsuredSms", Name(format), cancellationToken)
            .Where(e => !string.IsNullOrWhiteSpace(e.Phone))
            .Select(e => new object?[] { e.Phone, e.Name, SmsTemplates.Render(template, e, listed.Year, listed.Period?.To, countyName) });
        return new ExportTable("uninsuredSms", $"{listed.Year}年度未参保提醒短信（未发送）",
            [new("手机号", ColumnKind.Text), new("姓名", ColumnKind.Text), new("短信内容", ColumnKind.Text)], rows);
    }

    public static string Duty(ListDuty duty) => duty == ListDuty.Registered ? "按户籍" : "按居住地";

    private static string Name(ExportFormat format) => format.ToString().ToLowerInvariant();
}
