namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>How far an import is: rows read, bytes of the file, rows per second and the time left by bytes.</summary>
public sealed record ImportProgress(string Stage, long Rows, long Bytes, long TotalBytes, TimeSpan Elapsed)
{
    public double RowsPerSecond => Elapsed.TotalSeconds > 0 ? Rows / Elapsed.TotalSeconds : 0;

    /// <summary>Recomputing (after an import, the year-end run, every file) counts files, not rows of the file.</summary>
    public bool CountsFiles => Stage is "recomputing" or "year-end";

    private string Unit => CountsFiles ? "files" : "rows";

    public TimeSpan? Left => Bytes > 0 && TotalBytes > Bytes ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (TotalBytes - Bytes) / Bytes) : null;

    public override string ToString() =>
        $"{Stage}: {Rows:N0} {Unit}, {RowsPerSecond:N0} {Unit}/s" + (Left is { } left ? $", about {left.TotalSeconds:N0} s left" : "");
}
