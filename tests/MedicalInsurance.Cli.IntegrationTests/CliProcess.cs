using System.Diagnostics;

namespace MedicalInsurance.Cli.IntegrationTests;

/// <summary>Runs the built command-line DLL (never <c>dotnet run</c>) as a separate process.</summary>
internal static class CliProcess
{
    private static string DllPath => Path.Combine(AppContext.BaseDirectory, "medins.dll");

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string arguments, string? standardInput = null, IDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{DllPath}\" {arguments}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ConnectionStrings__Default");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        // Only a guard against a hung process, not a measure of speed: a 200,000-row import took over two minutes on a
        // machine at load 60, and a test must not fail because the machine is busy.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
