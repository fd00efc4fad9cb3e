namespace MedicalInsurance.Cli;

/// <summary>
/// A failure the command knows how to name (no connection string, no such file, a refused value): the command line
/// prints its message as <c>medins COMMAND: message</c> and exits with <see cref="ExitCode"/>.
/// </summary>
internal sealed class CommandFailedException(string message, int exitCode = CliApplication.ExitBadInput) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
