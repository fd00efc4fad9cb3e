using System.Text;
using MedicalInsurance.Testing;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>Population extracts written by the tests, as the public-security export lays them out.</summary>
internal static class PopulationFiles
{
    public static readonly string[] Header = ["身份证号", "姓名", "性别", "出生日期", "户籍地区", "户籍乡镇", "居住地区", "居住乡镇", "户号", "状态", "状态日期"];

    /// <summary>A row: sex and birth date taken from the ID number unless given.</summary>
    public static object?[] Row(string id, string name, string county, string township, string household, string status = "正常", string? statusDate = null,
        string? residenceCounty = null, string? residenceTownship = null)
    {
        var identity = Domain.Persons.IdNumber.Parse(id);
        return [id, name, identity.Sex == Domain.Persons.Sex.Male ? "男" : "女", identity.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            county, township, residenceCounty, residenceTownship, household, status, statusDate];
    }

    public static string Csv(IEnumerable<object?[]> rows, Encoding? encoding = null) => ImportFiles.Csv([Header, .. rows], encoding ?? new UTF8Encoding(false));

    /// <summary>A fresh ID number of a person born on <paramref name="birth"/> (yyyy-MM-dd) in <paramref name="county"/>.</summary>
    public static string Id(string county, string birth) => Files.NewIdNumber(county, birth);
}
