namespace MedicalInsurance.Infrastructure.Imports;

public abstract record ImportOutcome
{
    /// <summary>Loaded and merged (committed after <see cref="Merged"/>), then the touched files recomputed (by <see cref="Total"/>).</summary>
    /// <param name="Statements">How long each statement of the merge took (docs/benchmarks.md prints them).</param>
    public sealed record Imported(ImportRun Run, TimeSpan Merged, TimeSpan Total, IReadOnlyList<(string Statement, TimeSpan Took)> Statements) : ImportOutcome
    {
        public double RowsPerSecond => Merged.TotalSeconds > 0 ? Run.Rows / Merged.TotalSeconds : 0;
    }

    /// <summary>The same file (by its SHA-256) was imported before: nothing changed.</summary>
    public sealed record AlreadyImported(ImportRun Run) : ImportOutcome
    {
        public string Message => $"该文件已于{MedicalInsurance.Domain.Time.ChinaCalendar.ToChinaTime(Run.StartedAt):yyyy-MM-dd HH:mm}导入（第{Run.Id}次导入），本次未做任何更改。";
    }

    public sealed record NotATable(string Message) : ImportOutcome;
}
