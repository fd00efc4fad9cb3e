using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>
/// A note of a calculation in the page's language. The engine writes its notes in Chinese, as the notice prints them;
/// the three it writes are read back here into their parts (a working value with its year, value and citation; the
/// clearing of zero-claim steps in a year; the file's own remark) and written from the resources, the citation and the
/// remark marked as data. A note of another shape is shown as written.
/// </summary>
public static partial class NoteText
{
    public static RenderFragment Render(IStringLocalizer l, string note) => builder =>
    {
        ArgumentNullException.ThrowIfNull(l);
        if (note is null || CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal))
        {
            builder.AddContent(0, note);
            return;
        }

        if (WorkingValue().Match(note) is { Success: true } working)
        {
            var value = string.Join(", ", working.Groups["value"].Value.Split('、').Select(part => l[part].Value));
            builder.AddContent(0, l["{0}（{1}年度）为暂定值，尚未确认：{2}，依据 ", l[working.Groups["label"].Value], working.Groups["year"].Value, value]);
            builder.AddContent(1, Data(working.Groups["citation"].Value));
        }
        else if (Clearing().Match(note) is { Success: true } clearing)
        {
            builder.AddContent(0, l["{0}年度大病保险支付超过当年原封顶线（已使用奖励额度），此前累计的零报销激励已清零；连续参保激励保留。", clearing.Groups["year"].Value]);
        }
        else if (note.StartsWith(FileRemark, StringComparison.Ordinal))
        {
            builder.AddContent(0, l[FileRemark]);
            builder.AddContent(1, Data(note[FileRemark.Length..]));
        }
        else
        {
            builder.AddContent(0, note);
        }
    };

    private const string FileRemark = "档案备注：";

    /// <summary>Text from data (a citation, a clerk's remark), marked so: it stays in the language it was written in.</summary>
    private static RenderFragment Data(string text) => builder =>
    {
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "translate", "no");
        builder.AddContent(2, text);
        builder.CloseElement();
    };

    // PolicyParameter.UnconfirmedNote: "{label}（{year}年度）为暂定值，尚未确认：{value}，依据 {citation}".
    [GeneratedRegex("^(?<label>.+?)（(?<year>\\d{4})年度）为暂定值，尚未确认：(?<value>.*)，依据 (?<citation>.+)$")]
    private static partial Regex WorkingValue();

    // CapCalculator's note on clearing.
    [GeneratedRegex("^(?<year>\\d{4})年度大病保险支付超过当年原封顶线")]
    private static partial Regex Clearing();
}
