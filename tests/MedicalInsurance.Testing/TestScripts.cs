using System.Diagnostics;

namespace MedicalInsurance.Testing;

/// <summary>
/// The repository's shell scripts, run from a test: <c>MI_TEST_SCRIPTS</c> names their folder and <c>MI_TEST_CLUSTERS</c>
/// a folder where tests may make clusters of their own (both set by scripts/test.sh, which stops and removes what is left
/// there). The scripts start PostgreSQL as its own user when the tests run as root.
/// </summary>
public static class TestScripts
{
    public const string ScriptsVariable = "MI_TEST_SCRIPTS";
    public const string ClustersVariable = "MI_TEST_CLUSTERS";

    /// <summary>The folder of the scripts (scripts/ of the checkout).</summary>
    public static string Folder => Required(ScriptsVariable, "the folder of the repository's scripts");

    /// <summary>
    /// A path for a new folder of clusters, not made yet: the scripts make it (readable by the server's user, who must
    /// pass through it to its data directories).
    /// </summary>
    public static string NewClusterFolder() =>
        Path.Combine(Required(ClustersVariable, "a folder for the tests' own clusters"), Guid.NewGuid().ToString("N")[..12]);

    /// <summary>
    /// Runs <paramref name="commands"/> in bash with scripts/lib/common.sh's functions loaded and <paramref name="arguments"/>
    /// as $1, $2…; returns what it printed on standard output, trimmed. Throws with its standard error when it fails or
    /// takes longer than two minutes.
    /// </summary>
    public static async Task<string> WithCommonAsync(string commands, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        await RunAsync(["-c", $"set -euo pipefail; source \"{Folder}/lib/common.sh\"; {commands}", "bash", .. arguments], environment);

    /// <summary>Runs scripts/<paramref name="script"/> with <paramref name="arguments"/>; returns its output as <see cref="WithCommonAsync"/> does.</summary>
    public static async Task<(string Output, string Errors)> ScriptAsync(string script, params string[] arguments)
    {
        var errors = new System.Text.StringBuilder();
        var output = await RunAsync([Path.Combine(Folder, script), .. arguments], null, errors);
        return (output, errors.ToString());
    }

    private static async Task<string> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, System.Text.StringBuilder? errorsSeen = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bash {string.Join(' ', start.ArgumentList)} took longer than 2 minutes: {await errors}");
        }

        errorsSeen?.Append(await errors);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bash {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}): {await errors}");
        }

        return (await output).Trim();
    }

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} ({what}) is not set: run the tests with scripts/test.sh, which sets it.");
}
