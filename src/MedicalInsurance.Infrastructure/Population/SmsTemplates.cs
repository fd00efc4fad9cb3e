using System.Text.RegularExpressions;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Population;

/// <summary>The reminder texts of the SMS list: read for a county, edited by a supervisor for their division (audited).</summary>
public sealed partial class SmsTemplates(IDbContextFactory<MedicalInsuranceDbContext> factory, TimeProvider time)
{
    public const int MaxLength = 300;

    /// <summary>The placeholders a template may use, and what each becomes.</summary>
    public static readonly IReadOnlyList<(string Name, string Meaning)> Placeholders =
    [
        ("{姓名}", "参保人姓名"), ("{年度}", "参保年度"), ("{截止日期}", "集中参保期最后一天"), ("{县区}", "县（区）名称"),
        ("{乡镇}", "乡镇（街道）名称"), ("{等待期}", "集中参保期后缴费的待遇等待期（规则引擎计算）"),
    ];

    public const string Default = "{姓名}您好：您{年度}年度城乡居民医保尚未参保缴费，集中参保期至{截止日期}。集中参保期后缴费将设置待遇等待期{等待期}。请及时缴费。{县区}医疗保障局";

    /// <summary>The template a county's list uses and the division it was set for (null: the built-in text).</summary>
    public async Task<(string Text, string? SetFor)> ForCountyAsync(string county, CancellationToken cancellationToken = default)
    {
        var chain = new List<string>();
        for (var region = RegionDirectory.Shipped.Find(county); region is not null; region = RegionDirectory.Shipped.Find(region.ParentCode))
        {
            chain.Add(region.Code);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stored = await db.SmsTemplates.AsNoTracking().Where(t => chain.Contains(t.RegionCode)).ToListAsync(cancellationToken);
        return stored.OrderBy(t => chain.IndexOf(t.RegionCode)).FirstOrDefault() is { } nearest ? (nearest.Text, nearest.RegionCode) : (Default, null);
    }

    /// <summary>A supervisor sets the text for their own division; refused (with why) when it is empty, too long or names an unknown placeholder.</summary>
    public async Task<string?> SaveAsync(UserScope scope, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (scope.Role != Roles.Supervisor || scope.ScopeCode is null)
        {
            return "只有监督员可以修改短信模板。";
        }

        if (Problem(text) is { } problem)
        {
            return problem;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var stored = await db.SmsTemplates.FirstOrDefaultAsync(t => t.RegionCode == scope.ScopeCode, cancellationToken);
        var before = stored?.Text;
        if (stored is null)
        {
            db.SmsTemplates.Add(new SmsTemplate { RegionCode = scope.ScopeCode, Text = text.Trim(), UpdatedBy = scope.UserName, UpdatedAt = time.GetUtcNow() });
        }
        else
        {
            (stored.Text, stored.UpdatedBy, stored.UpdatedAt) = (text.Trim(), scope.UserName, time.GetUtcNow());
        }

        AuditLog.Add(db, scope.Actor, "sms-template", null, new { region = scope.ScopeCode, before, after = text.Trim() });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Why a text cannot be a template, or null.</summary>
    public static string? Problem(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxLength)
        {
            return $"短信模板须为1至{MaxLength}个字。";
        }

        var unknown = PlaceholderPattern().Matches(trimmed).Select(m => m.Value).Where(p => Placeholders.All(k => k.Name != p)).Distinct().ToList();
        return unknown.Count > 0 ? $"未知的占位符：{string.Join("、", unknown)}（可用：{string.Join("、", Placeholders.Select(p => p.Name))}）。" : null;
    }

    /// <summary>The message for one person of a county's list.</summary>
    public static string Render(string template, UninsuredEntry entry, int year, DateOnly? periodEnd, string countyName)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(entry);
        return template
            .Replace("{姓名}", entry.Name.Length > 0 ? entry.Name : "新生儿", StringComparison.Ordinal)
            .Replace("{年度}", year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{截止日期}", periodEnd is { } end ? $"{end.Year}年{end.Month}月{end.Day}日" : "", StringComparison.Ordinal)
            .Replace("{县区}", countyName, StringComparison.Ordinal)
            .Replace("{乡镇}", entry.TownshipName ?? "", StringComparison.Ordinal)
            .Replace("{等待期}", entry.IfLateWaitingMonths is { } months ? $"{months}个月" : "", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex PlaceholderPattern();
}
