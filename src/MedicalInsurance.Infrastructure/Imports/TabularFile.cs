using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// Reads an import file row by row with flat memory: CSV (comma or tab separated, RFC 4180 quoting) in strict UTF-8 with
/// or without a BOM, else GB18030 (which covers GBK); or the first sheet of an .xlsx, streamed. Line numbers are the
/// row numbers a spreadsheet shows (the header is row 1).
/// </summary>
public static class TabularFile
{
    static TabularFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>One pass: the hash, the format, and whether every byte is valid UTF-8.</summary>
    public static async Task<FileFacts> InspectAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 16];
        // GetChars, not GetCharCount: only it carries a character split between two buffers over to the next.
        var chars = new char[(1 << 16) + 4];
        long length = 0;
        var utf8 = true;
        var zip = false;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (length == 0)
            {
                zip = read >= 4 && buffer.AsSpan(0, 4).SequenceEqual(ZipMagic);
            }

            length += read;
            sha.AppendData(buffer, 0, read);
            if (utf8 && !zip)
            {
                try
                {
                    decoder.GetChars(buffer, 0, read, chars, 0, flush: false);
                }
                catch (DecoderFallbackException)
                {
                    utf8 = false;
                }
            }
        }

        if (utf8 && !zip)
        {
            try
            {
                decoder.GetChars([], 0, 0, chars, 0, flush: true);
            }
            catch (DecoderFallbackException)
            {
                utf8 = false;
            }
        }

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        return new FileFacts(length, hash, zip, zip ? null : utf8 ? new UTF8Encoding(false) : Encoding.GetEncoding(54936));
    }

    /// <summary>The rows after the header, with the header's cells; throws <see cref="NotATableException"/> for a file that is no table.</summary>
    public static IEnumerable<(long Line, RawCell[] Cells)> Read(Stream stream, FileFacts facts, out string[] header)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rows = facts.IsXlsx ? ReadXlsx(stream) : ReadText(stream, facts.TextEncoding!);
        var enumerator = rows.GetEnumerator();
        if (!enumerator.MoveNext())
        {
            enumerator.Dispose();
            throw new NotATableException("文件是空的：没有表头行。");
        }

        header = enumerator.Current.Cells.Select(c => c.ToString().Trim().TrimStart('\uFEFF')).ToArray();
        return Rest(enumerator);
    }

    private static IEnumerable<(long, RawCell[])> Rest(IEnumerator<(long Line, RawCell[] Cells)> enumerator)
    {
        using (enumerator)
        {
            while (enumerator.MoveNext())
            {
                yield return enumerator.Current;
            }
        }
    }

    private static IEnumerable<(long Line, RawCell[] Cells)> ReadText(Stream stream, Encoding encoding)
    {
        using var reader = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16, leaveOpen: true);
        var field = new StringBuilder();
        var cells = new List<RawCell>();
        long line = 0;
        char? separator = null;
        var first = true;
        while (true)
        {
            cells.Clear();
            field.Clear();
            var quoted = false;
            var any = false;
            int ch;
            while ((ch = reader.Read()) >= 0)
            {
                any = true;
                var c = (char)ch;
                if (first && c == '\uFEFF')
                {
                    first = false;
                    continue;
                }

                first = false;
                if (quoted)
                {
                    if (c == '"')
                    {
                        if (reader.Peek() == '"')
                        {
                            reader.Read();
                            field.Append('"');
                        }
                        else
                        {
                            quoted = false;
                        }
                    }
                    else
                    {
                        field.Append(c);
                    }

                    continue;
                }

                if (c == '"' && field.Length == 0)
                {
                    quoted = true;
                }
                else if (c == '\r' || c == '\n')
                {
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    break;
                }
                else if (separator is null && (c == ',' || c == '\t'))
                {
                    separator = c;
                    cells.Add(new RawCell(field.ToString(), null));
                    field.Clear();
                }
                else if (c == separator)
                {
                    cells.Add(new RawCell(field.ToString(), null));
                    field.Clear();
                }
                else if (c == '\0')
                {
                    throw new NotATableException("文件含有二进制内容，不是CSV或Excel表格。");
                }
                else
                {
                    field.Append(c);
                }
            }

            if (!any)
            {
                yield break;
            }

            line++;
            cells.Add(new RawCell(field.ToString(), null));
            if (cells.Count == 1 && string.IsNullOrWhiteSpace(cells[0].Text))
            {
                // A blank line: skipped, still counted.
                continue;
            }

            yield return (line, cells.ToArray());
        }
    }

    private static IEnumerable<(long Line, RawCell[] Cells)> ReadXlsx(Stream stream)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(stream, false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException)
        {
            throw new NotATableException("文件是压缩包但不是Excel(.xlsx)工作簿。");
        }

        using (document)
        {
            var workbook = document.WorkbookPart ?? throw new NotATableException("Excel文件中没有工作簿。");
            var firstSheet = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new NotATableException("Excel文件中没有工作表。");
            var part = (WorksheetPart)workbook.GetPartById(firstSheet.Id!.Value!);
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
                {
                    continue;
                }

                var row = (Row)reader.LoadCurrentElement()!;
                var cells = new List<RawCell>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : cells.Count;
                    while (cells.Count < column)
                    {
                        cells.Add(default);
                    }

                    cells.Add(Value(cell, shared));
                }

                if (cells.All(c => c.IsEmpty))
                {
                    continue;
                }

                yield return (row.RowIndex?.Value ?? 0, cells.ToArray());
            }
        }
    }

    private static RawCell Value(Cell cell, string[] shared)
    {
        var text = cell.CellValue?.Text;
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
        {
            return new RawCell(int.TryParse(text, out var i) && i >= 0 && i < shared.Length ? shared[i] : "", null);
        }

        if (type == CellValues.InlineString)
        {
            return new RawCell(cell.InlineString?.InnerText ?? "", null);
        }

        if (type == CellValues.String || type == CellValues.Boolean || type == CellValues.Error || type == CellValues.Date)
        {
            return new RawCell(text ?? "", null);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? new RawCell(text, number) : new RawCell(text ?? "", null);
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z')
            {
                break;
            }

            index = index * 26 + (c - 'A' + 1);
        }

        return index - 1;
    }
}
