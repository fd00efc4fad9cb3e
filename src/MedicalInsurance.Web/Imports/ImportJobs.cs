using System.Collections.Concurrent;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Imports;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Results;

namespace MedicalInsurance.Web.Imports;

/// <summary>
/// Runs uploaded imports in the background, one at a time, each from the temporary file the upload endpoint wrote (and
/// deletes it after); the page reads their progress by ticket. A failed import leaves nothing behind (one transaction)
/// and can be uploaded again.
/// </summary>
public sealed class ImportJobs(Importer importer, ILogger<ImportJobs> log, IHostApplicationLifetime lifetime)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public ImportJob? Find(Guid ticket) => _jobs.TryGetValue(ticket, out var job) ? job : null;

    public ImportJob Start(ImportKind kind, string path, string fileName, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var job = new ImportJob(Guid.NewGuid(), kind, fileName, actor.UserName);
        _jobs[job.Ticket] = job;
        _ = Task.Run(async () =>
        {
            await _oneAtATime.WaitAsync(lifetime.ApplicationStopping);
            try
            {
                job.Outcome = await importer.ImportAsync(kind, path, fileName, actor, new Progress(job), lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Import of {File} failed", fileName);
                job.Failure = "导入失败，未写入任何数据：" + ex.Message;
            }
            finally
            {
                _oneAtATime.Release();
                File.Delete(path);
            }
        });
        return job;
    }

    private sealed class Progress(ImportJob job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => job.Progress = value;
    }
}
