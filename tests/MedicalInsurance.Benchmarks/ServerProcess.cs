using System.Globalization;

namespace MedicalInsurance.Benchmarks;

/// <summary>The web server's process on this machine, read from /proc: its resident memory and the CPU time it has used.</summary>
internal sealed class ServerProcess(int pid)
{
    // USER_HZ: the unit of /proc/PID/stat's times on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>The process id given as an optional argument at <paramref name="index"/>, or none.</summary>
    public static ServerProcess? From(string[] args, int index) =>
        args.Length > index ? new ServerProcess(int.Parse(args[index], CultureInfo.InvariantCulture)) : null;

    /// <summary>VmRSS in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>User and system CPU time so far, in milliseconds.</summary>
    public double CpuMilliseconds()
    {
        // The command name (field 2) may hold spaces: the fields that follow are counted from its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
    }

    public static string Mib(long bytes) => (bytes / 1048576.0).ToString("N0", CultureInfo.InvariantCulture) + " MiB";

    public static string Kib(double bytes) => (bytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture) + " KiB";
}
