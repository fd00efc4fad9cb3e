using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MedicalInsurance.Infrastructure.Exports;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

public sealed class TableWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ExportTable Sample() => ExportTable.Of("t", "测试表", [new("姓名", ColumnKind.Text), new("身份证号", ColumnKind.Text), new("金额", ColumnKind.Decimal), new("日期", ColumnKind.Date)],
    [
        ["=HYPERLINK(\"http://x\")", "130102198005060012", 1234.5m, new DateOnly(2027, 4, 1)],
        ["+1", "13010219800506001X", -20m, null],
        ["-2", "@SUM(A1)", 0m, null],
        ["王, \"小\"明", "ＡＢ", 7m, null],
    ]);

    [Fact]
    public async Task Csv_HasABom_QuotesAndEscapesFormulas_AndKeepsNumbersAsNumbers()
    {
        using var stream = new MemoryStream();
        var rows = await TableWriter.WriteAsync(stream, Sample(), ExportFormat.Csv, Ct);
        var bytes = stream.ToArray();
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");

        Assert.Equal(4, rows);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("姓名,身份证号,金额,日期", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\",130102198005060012,1234.5,2027-04-01", lines[1]);
        Assert.Equal("'+1,13010219800506001X,-20,", lines[2]);
        Assert.Equal("'-2,'@SUM(A1),0,", lines[3]);
        Assert.Equal("\"王, \"\"小\"\"明\",ＡＢ,7,", lines[4]);
    }

    [Fact]
    public async Task Xlsx_OpensInTheOpenXmlSdk_WithIdNumbersAsText_FormulasAsQuotedText_AndNumbers()
    {
        using var stream = new MemoryStream();
        await TableWriter.WriteAsync(stream, Sample(), ExportFormat.Xlsx, Ct);
        stream.Position = 0;

        using var document = SpreadsheetDocument.Open(stream, false);
        var workbook = document.WorkbookPart!;
        var sheet = workbook.WorksheetParts.Single().Worksheet;
        var cells = sheet.Descendants<Cell>().ToDictionary(c => c.CellReference!.Value!);
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        string Text(string reference) => cells[reference].InlineString!.Text!.Text;
        bool QuotePrefixed(string reference) => formats[(int)(cells[reference].StyleIndex?.Value ?? 0)].QuotePrefix?.Value == true;

        Assert.Equal("测试表", workbook.Workbook.Sheets!.Elements<Sheet>().Single().Name!.Value);
        Assert.Equal("姓名", Text("A1"));
        Assert.Equal("=HYPERLINK(\"http://x\")", Text("A2"));
        Assert.Empty(sheet.Descendants<CellFormula>());
        Assert.True(QuotePrefixed("A2"));
        Assert.True(QuotePrefixed("B3"));
        Assert.Equal(CellValues.InlineString, cells["B2"].DataType!.Value);
        Assert.Equal("130102198005060012", Text("B2"));
        Assert.Equal("1234.5", cells["C2"].CellValue!.Text);
        Assert.Null(cells["C2"].DataType);
        Assert.Equal("-20", cells["C3"].CellValue!.Text);
        Assert.Equal("2027-04-01", Text("D2"));
    }
}
