using System.Globalization;

namespace MedicalInsurance.Domain.Persons;

/// <summary>
/// A resident identity number (公民身份号码, GB 11643-1999): 6 digits of the issuing division, the birth date, a
/// 3-digit sequence whose last digit is odd for men, and a check character (0–9 or X). A lower-case x is accepted and
/// stored as X. The division code is not checked against today's list: codes change, numbers stay valid.
/// </summary>
public readonly record struct IdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    private IdNumber(string value, DateOnly birthDate, Sex sex) => (Value, BirthDate, Sex) = (value, birthDate, sex);

    /// <summary>The 18 characters, upper-case.</summary>
    public string Value { get; }

    public DateOnly BirthDate { get; }

    public Sex Sex { get; }

    /// <summary>The first six digits: the division that issued the number.</summary>
    public string DivisionCode => Value[..6];

    /// <summary>The last four characters, the only part lists and logs may show.</summary>
    public string LastFour => Value[^4..];

    /// <summary>"**************123X": what a list shows.</summary>
    public string Masked => new string('*', 14) + LastFour;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong, in Chinese.</summary>
    public static bool TryParse(string? text, out IdNumber id, out string? error)
    {
        id = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length != 18)
        {
            error = "身份证号码须为18位";
            return false;
        }

        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                error = "身份证号码前17位须为数字";
                return false;
            }
        }

        var last = char.ToUpperInvariant(text[17]);
        if (!char.IsAsciiDigit(last) && last != 'X')
        {
            error = "身份证号码最后一位须为数字或X";
            return false;
        }

        if (!DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth) || birth.Year < 1900)
        {
            error = "身份证号码中的出生日期无效";
            return false;
        }

        if (CheckCharacter(text) != last)
        {
            error = "身份证号码校验位不正确";
            return false;
        }

        var value = string.Concat(text.AsSpan(0, 17), last.ToString());
        id = new IdNumber(value, birth, (text[16] - '0') % 2 == 1 ? Sex.Male : Sex.Female);
        error = null;
        return true;
    }

    /// <summary>Parses a number known to be valid (stored data, tests); a bad one is a programmer error.</summary>
    public static IdNumber Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new ArgumentException(error, nameof(text));

    /// <summary>The check character for the first 17 digits of <paramref name="text"/>.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> text)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (text[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    public override string ToString() => Masked;
}
