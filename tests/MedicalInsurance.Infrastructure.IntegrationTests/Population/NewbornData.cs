using System.Text;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Testing;

namespace MedicalInsurance.Infrastructure.IntegrationTests.Population;

/// <summary>Births extracts and population extracts carrying the birth certificate, as the tests write them.</summary>
internal static class NewbornData
{
    public static readonly string[] BirthHeader = ["出生医学证明编号", "出生日期", "姓名", "母亲身份证号", "居住地区", "居住乡镇"];

    public static readonly Actor Admin = new("admin1", "127.0.0.1");

    public static object?[] Birth(string certificate, string birth, string? name, string mother, string county = "130102", string? township = "130102001") =>
        [certificate, birth, name, mother, county, township];

    public static string BirthsCsv(IEnumerable<object?[]> rows) => ImportFiles.Csv([BirthHeader, .. rows], new UTF8Encoding(false));

    /// <summary>A population extract with the 出生医学证明编号 column: <paramref name="rows"/> are (population row, certificate).</summary>
    public static string PopulationCsv(IEnumerable<(object?[] Row, string? Certificate)> rows) =>
        ImportFiles.Csv([[.. PopulationFiles.Header, "出生医学证明编号"], .. rows.Select(r => (object?[])[.. r.Row, r.Certificate])], new UTF8Encoding(false));

    public static async Task<ImportRun> ImportAsync(Importer importer, ImportKind kind, string path) =>
        Assert.IsType<ImportOutcome.Imported>(await importer.ImportAsync(kind, path, Path.GetFileName(path), Admin, null, TestContext.Current.CancellationToken)).Run;

    /// <summary>A fresh database with its files helper and importer.</summary>
    public static async Task<(MigratedDatabase Database, Files Files, Importer Importer)> FreshAsync()
    {
        var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        return (database, files, new Importer(database.DataSource, files.Catalogs, files.Clock));
    }
}
