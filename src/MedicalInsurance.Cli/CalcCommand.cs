using System.CommandLine;
using System.Text.Json;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Domain.Time;
using MedicalInsurance.Infrastructure.Calculation;
using Microsoft.Extensions.DependencyInjection;

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
            var context = await ContextAsync(time, cancellationToken);
            return parse.GetValue(lines)
                ? await AnswerLinesAsync(input, output, context, cancellationToken)
                : await AnswerOneAsync(input, output, context, cancellationToken);
        });
        return command;
    }

    /// <summary>What every answer is computed with: the parameters, today in China, and whether C may come from them.</summary>
    private sealed record CalcContext(PolicyCatalog Catalog, DateOnly Today, bool CapFromParameters);

    /// <summary>The database's parameters when a connection is configured (as the web app reads them), else the shipped ones.</summary>
    private static async Task<CalcContext> ContextAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var today = ChinaCalendar.Today(time);
        var connectionString = Environment.GetEnvironmentVariable(CliApplication.ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return new CalcContext(PolicyCatalog.Shipped, today, CapFromParameters: false);
        }

        await using var services = CliApplication.Services(time);
        var catalog = await services.GetRequiredService<Infrastructure.Parameters.PolicyCatalogProvider>().GetAsync(cancellationToken);
        return new CalcContext(catalog, today, CapFromParameters: true);
    }

    private static async Task<int> AnswerOneAsync(Stream input, Stream output, CalcContext context, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var ok = Answer(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), context, output);
        await output.FlushAsync(cancellationToken);
        return ok ? CliApplication.ExitOk : CliApplication.ExitBadInput;
    }

    /// <summary>The longest request line accepted; a longer one is answered with an error and skipped.</summary>
    public const int MaxLineBytes = 4 << 20;

    private static async Task<int> AnswerLinesAsync(Stream input, Stream output, CalcContext context, CancellationToken cancellationToken)
    {
        // Bounded memory: bytes are split into lines in one buffer, never decoded to strings. The output is flushed
        // whenever more input is not already waiting, so a person typing gets each answer at once.
        await using var buffered = new BufferedStream(output, 1 << 16);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        var skipping = false;
        while (true)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                if (!skipping)
                {
                    AnswerLine(buffer.AsSpan(start, newline), context, buffered);
                }

                skipping = false;
                start += newline + 1;
                continue;
            }

            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                (end, start) = (end - start, 0);
            }

            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxLineBytes)
                {
                    if (!skipping)
                    {
                        Answer(default, context, buffered, new CalculationError("", $"请求行超过{MaxLineBytes / 1048576} MiB，未处理"));
                    }

                    (skipping, end) = (true, 0);
                }
                else
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }

            var read = input.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (!read.IsCompleted)
            {
                await buffered.FlushAsync(cancellationToken);
            }

            var count = await read;
            if (count == 0)
            {
                break;
            }

            end += count;
        }

        if (end > start && !skipping)
        {
            AnswerLine(buffer.AsSpan(start, end - start), context, buffered);
        }

        await buffered.FlushAsync(cancellationToken);
        return CliApplication.ExitOk;
    }

    private static void AnswerLine(ReadOnlySpan<byte> line, CalcContext context, Stream output)
    {
        if (line.Length > 0 && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.Length >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF)
        {
            line = line[3..];
        }

        // A blank line is no request: nothing to answer.
        if (!line.Trim(" \t"u8).IsEmpty)
        {
            Answer(line, context, output);
        }
    }

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    /// <summary>Writes the answer to one request and a newline; false when the answer is an error.</summary>
    private static bool Answer(ReadOnlySpan<byte> request, CalcContext context, Stream output, CalculationError? refused = null)
    {
        var writer = _writer ??= new Utf8JsonWriter(Stream.Null, CalcContract.WriterOptions);
        writer.Reset(output);
        var mapped = refused ?? CalcContract.Read(request, context.Catalog, context.Today, context.CapFromParameters);
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
