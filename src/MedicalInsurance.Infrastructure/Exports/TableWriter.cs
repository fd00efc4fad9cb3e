using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace MedicalInsurance.Infrastructure.Exports;

/// <summary>
/// Writes an <see cref="ExportTable"/> as CSV (UTF-8 with BOM, RFC 4180) or .xlsx (one sheet, streamed): text cells that
/// start with = + - @ (or a tab or carriage return) are escaped so no spreadsheet runs them as a formula — a leading
/// apostrophe in CSV, Excel's quote prefix in .xlsx; numbers are numbers, ID numbers and dates are text.
/// </summary>
public static class TableWriter
{
    public static string ContentType(ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    /// <summary>Writes the table and returns its row count.</summary>
    public static Task<long> WriteAsync(Stream output, ExportTable table, ExportFormat format, CancellationToken cancellationToken = default) =>
        format == ExportFormat.Csv ? WriteCsvAsync(output, table, cancellationToken) : WriteXlsxAsync(output, table, cancellationToken);

    /// <summary>True when a spreadsheet would read the text as a formula.</summary>
    public static bool NeedsEscape(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '－' or '＋' or '＝' or '＠';

    public static string Cell(object? value) => value switch
    {
        null => "",
        string s => NeedsEscape(s) ? "'" + s : s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static async Task<long> WriteCsvAsync(Stream output, ExportTable table, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', table.Columns.Select(c => Quote(Cell(c.Header)))) + "\r\n");
        var rows = 0L;
        var line = new StringBuilder();
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                if (i > 0)
                {
                    line.Append(',');
                }

                line.Append(Quote(Cell(row[i])));
            }

            line.Append("\r\n");
            await writer.WriteAsync(line, cancellationToken);
            rows++;
        }

        await writer.FlushAsync(cancellationToken);
        return rows;
    }

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    private static async Task<long> WriteXlsxAsync(Stream output, ExportTable table, CancellationToken cancellationToken)
    {
        // The zip is written to a seekable buffer only when the output cannot seek (an HTTP response): a zip's central
        // directory goes at the end, and ZipArchive in create mode streams entries either way.
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""");
        Part(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""");
        var sheetName = SecurityElementEscape(SheetName(table.Title));
        Part(zip, "xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>""");
        // Style 0: default; 1: text with Excel's quote prefix (a formula-like text stays text when edited); 2: bold header.
        Part(zip, "xl/styles.xml", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{Main}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>""");

        var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest);
        await using var stream = entry.Open();
        await using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Async = true, Encoding = new UTF8Encoding(false) });
        await xml.WriteStartDocumentAsync(true);
        await xml.WriteStartElementAsync(null, "worksheet", Main);
        await xml.WriteStartElementAsync(null, "sheetData", Main);
        await WriteRowAsync(xml, 1, table.Columns.Select(c => (object?)c.Header).ToArray(), null, header: true);
        var rows = 0L;
        await foreach (var row in table.Rows.WithCancellation(cancellationToken))
        {
            rows++;
            await WriteRowAsync(xml, rows + 1, row, table.Columns, header: false);
        }

        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
        await xml.FlushAsync();
        return rows;
    }

    private static async Task WriteRowAsync(XmlWriter xml, long number, object?[] cells, IReadOnlyList<ExportColumn>? columns, bool header)
    {
        await xml.WriteStartElementAsync(null, "row", Main);
        await xml.WriteAttributeStringAsync(null, "r", null, number.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < cells.Length; i++)
        {
            var value = cells[i];
            if (value is null)
            {
                continue;
            }

            await xml.WriteStartElementAsync(null, "c", Main);
            await xml.WriteAttributeStringAsync(null, "r", null, ColumnName(i) + number.ToString(CultureInfo.InvariantCulture));
            var numeric = !header && columns is not null && columns[i].Kind is ColumnKind.Integer or ColumnKind.Decimal && value is long or int or decimal or double;
            if (numeric)
            {
                await xml.WriteElementStringAsync(null, "v", Main, Cell(value));
            }
            else
            {
                var text = value is string s ? s : Cell(value);
                await xml.WriteAttributeStringAsync(null, "t", null, "inlineStr");
                if (header)
                {
                    await xml.WriteAttributeStringAsync(null, "s", null, "2");
                }
                else if (NeedsEscape(text) || columns?[i].Kind == ColumnKind.Text)
                {
                    await xml.WriteAttributeStringAsync(null, "s", null, "1");
                }

                await xml.WriteStartElementAsync(null, "is", Main);
                await xml.WriteStartElementAsync(null, "t", Main);
                await xml.WriteStringAsync(XmlSafe(text));
                await xml.WriteEndElementAsync();
                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
        }

        await xml.WriteEndElementAsync();
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }

        return name;
    }

    private static string XmlSafe(string text) => text.Any(ch => ch < 0x20 && ch is not '\t' and not '\n' and not '\r')
        ? new string(text.Where(ch => ch >= 0x20 || ch is '\t' or '\n' or '\r').ToArray())
        : text;

    private static string SheetName(string title)
    {
        var cleaned = new string(title.Where(ch => ch is not ('\\' or '/' or '?' or '*' or '[' or ']' or ':')).ToArray());
        return cleaned.Length == 0 ? "Sheet1" : cleaned[..Math.Min(31, cleaned.Length)];
    }

    private static string SecurityElementEscape(string text) => System.Security.SecurityElement.Escape(text);

    private static void Part(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        var bytes = Encoding.UTF8.GetBytes(content);
        stream.Write(bytes);
    }
}
