using System.CommandLine;
using System.Text;
using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Calculation;

namespace MedicalInsurance.Cli;

/// <summary>
/// <c>calc</c>: one request on standard input, one response on standard output (exit 2 with the error shape for a
/// bad one). <c>calc --lines</c>: JSON Lines in, one answer line per request in order, exit 0 once every line was
/// answered. Parameters are the ones shipped with the product.
/// </summary>
internal static class CalcCommand
{
    public static Command Create(Stream input, Stream output, TimeProvider time)
    {
        var lines = new Option<bool>("--lines") { Description = "每行一个请求（JSON Lines），逐行作答" };
        var command = new Command("calc", "计算大病保险最高支付限额和待遇等待期（CALC-CONTRACT.md）") { lines };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var today = ChinaCalendar.Today(time);
            return parse.GetValue(lines)
                ? await AnswerLinesAsync(input, output, PolicyCatalog.Shipped, today, cancellationToken)
                : await AnswerOneAsync(input, output, PolicyCatalog.Shipped, today, cancellationToken);
        });
        return command;
    }

    private static async Task<int> AnswerOneAsync(Stream input, Stream output, PolicyCatalog catalog, DateOnly today, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var ok = Answer(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), catalog, today, output);
        await output.FlushAsync(cancellationToken);
        return ok ? CliApplication.ExitOk : CliApplication.ExitBadInput;
    }

    private static async Task<int> AnswerLinesAsync(Stream input, Stream output, PolicyCatalog catalog, DateOnly today, CancellationToken cancellationToken)
    {
        // Bounded memory: one line at a time; the output is flushed whenever the next line is not already waiting.
        using var reader = new StreamReader(input, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        await using var buffered = new BufferedStream(output, 1 << 16);
        var bytes = new byte[4096];
        var next = reader.ReadLineAsync(cancellationToken);
        while (true)
        {
            if (!next.IsCompleted)
            {
                await buffered.FlushAsync(cancellationToken);
            }

            var line = await next;
            if (line is null)
            {
                break;
            }

            next = reader.ReadLineAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var length = Encoding.UTF8.GetMaxByteCount(line.Length);
            if (bytes.Length < length)
            {
                bytes = new byte[length];
            }

            var count = Encoding.UTF8.GetBytes(line, bytes);
            Answer(bytes.AsSpan(0, count), catalog, today, buffered);
        }

        await buffered.FlushAsync(cancellationToken);
        return CliApplication.ExitOk;
    }

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>Writes the answer to one request and a newline; false when the answer is an error.</summary>
    private static bool Answer(ReadOnlySpan<byte> request, PolicyCatalog catalog, DateOnly today, Stream output)
    {
        var writer = _writer ??= new Utf8JsonWriter(Stream.Null, CalcContract.WriterOptions);
        writer.Reset(output);
        var mapped = CalcContract.Read(request, catalog, today);
        var outcome = mapped.Error is { } mappingError ? mappingError : EnrollmentCalculator.Calculate(mapped.Input!);
        if (outcome.Error is { } error)
        {
            CalcContract.WriteError(writer, error);
        }
        else
        {
            CalcContract.WriteResult(writer, outcome.Result!);
        }

        writer.Flush();
        output.WriteByte((byte)'\n');
        return outcome.Error is null;
    }
}
