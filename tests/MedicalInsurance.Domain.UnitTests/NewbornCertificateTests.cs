using MedicalInsurance.Domain.Persons;

namespace MedicalInsurance.Domain.UnitTests;

/// <summary>The birth certificate number's form: a letter and nine digits, nothing else.</summary>
public sealed class NewbornCertificateTests
{
    public static TheoryData<string, string?, string?> Numbers() => new()
    {
        { "a letter and nine digits", "O130123456", "O130123456" },
        { "lower-case letter read upper-case", "k130123456", "K130123456" },
        { "spaces around trimmed", " Q000000001 ", "Q000000001" },
        { "nine characters", "O13012345", null },
        { "eleven characters", "O1301234567", null },
        { "no letter", "0130123456", null },
        { "a letter among the digits", "O13012345A", null },
        { "a full-width digit", "O13012345６", null },
        { "empty", "", null },
        { "null", null, null },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void TryParse_AcceptsOnlyALetterAndNineDigits(string label, string? text, string? expected)
    {
        var parsed = BirthCertificateNumber.TryParse(text, out var number, out var error);

        Assert.True(parsed == (expected is not null), label);
        Assert.Equal(expected, parsed ? number.Value : null);
        Assert.Equal(parsed, error is null);
    }

    [Fact]
    public void Masked_ShowsTheLetterAndTheLastFourDigits() =>
        Assert.Equal("O*****3456", BirthCertificateNumber.Parse("O130123456").Masked);
}
