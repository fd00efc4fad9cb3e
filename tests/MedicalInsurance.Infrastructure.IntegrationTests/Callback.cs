using MedicalInsurance.Infrastructure.Imports;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>Progress reported synchronously, on the reporting thread (a test stops a run from it).</summary>
internal sealed class Callback(Action<ImportProgress> report) : IProgress<ImportProgress>
{
    public void Report(ImportProgress value) => report(value);
}
