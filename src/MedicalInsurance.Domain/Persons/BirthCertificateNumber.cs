namespace MedicalInsurance.Domain.Persons;

/// <summary>
/// A birth certificate number (出生医学证明编号): one letter for the certificate's edition and nine digits, e.g.
/// O130123456. A lower-case letter is accepted and stored upper-case. The number carries no check character, so only its
/// form is checked: a well-formed number that was never issued is not recognised here.
/// </summary>
public readonly record struct BirthCertificateNumber
{
    private BirthCertificateNumber(string value) => Value = value;

    /// <summary>The ten characters, the letter upper-case.</summary>
    public string Value { get; }

    /// <summary>"O*****3456": the letter and the last four digits, what a list shows.</summary>
    public string Masked => Value[..1] + new string('*', 5) + Value[^4..];

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong, in Chinese.</summary>
    public static bool TryParse(string? text, out BirthCertificateNumber number, out string? error)
    {
        number = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length != 10 || !char.IsAsciiLetter(text[0]) || text.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            error = "出生医学证明编号应为1位字母加9位数字（如O130123456）";
            return false;
        }

        number = new BirthCertificateNumber(char.ToUpperInvariant(text[0]) + text[1..]);
        error = null;
        return true;
    }

    /// <summary>Parses a number known to be valid (stored data, tests); a bad one is a programmer error.</summary>
    public static BirthCertificateNumber Parse(string text) =>
        TryParse(text, out var number, out var error) ? number : throw new ArgumentException(error, nameof(text));

    public override string ToString() => Masked;
}
