using MedicalInsurance.Domain.Persons;

namespace MedicalInsurance.Domain.UnitTests;

public sealed class IdNumberTests
{
    // 11010519491231002X is the standard's own worked example.
    [Theory]
    [InlineData("the standard's example", "11010519491231002X", "11010519491231002X", "1949-12-31", Sex.Female)]
    [InlineData("lower-case x is stored as X", "11010519491231002x", "11010519491231002X", "1949-12-31", Sex.Female)]
    [InlineData("surrounding spaces are ignored", " 11010519491231002X ", "11010519491231002X", "1949-12-31", Sex.Female)]
    [InlineData("odd sequence digit: male", "130102199003075015", "130102199003075015", "1990-03-07", Sex.Male)]
    [InlineData("a division code that no longer exists is still valid", "990102199003075015", "990102199003075015", "1990-03-07", Sex.Male)]
    public void TryParse_AValidNumber_DerivesBirthDateAndSex(string label, string text, string stored, string birth, Sex sex)
    {
        Assert.True(IdNumber.TryParse(text, out var id, out var error), $"{label}: {error}");

        Assert.Equal(stored, id.Value);
        Assert.Equal(Person.D(birth), id.BirthDate);
        Assert.Equal(sex, id.Sex);
        Assert.Equal("**************" + stored[^4..], id.Masked);
    }

    [Theory]
    [InlineData("wrong check character", "110105194912310021", "校验位")]
    [InlineData("impossible date (30 February)", "110105194902300027", "出生日期")]
    [InlineData("17 characters", "11010519491231002", "18位")]
    [InlineData("19 characters", "11010519491231002X1", "18位")]
    [InlineData("a letter inside", "1101051949123100AX", "前17位")]
    [InlineData("empty", "", "18位")]
    [InlineData("check character not a digit or X", "11010519491231002Y", "最后一位")]
    public void TryParse_ABadNumber_SaysWhatIsWrong(string label, string text, string messagePart)
    {
        Assert.False(IdNumber.TryParse(text, out _, out var error), label);

        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheWholeNumber()
    {
        Assert.Equal("**************002X", IdNumber.Parse("11010519491231002X").ToString());
    }
}
