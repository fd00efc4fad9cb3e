using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// Not ready (unhealthy, so /healthz answers 503) while the warm-up at start runs: a proxy or orchestrator that waits for
/// /healthz sends the first clerk to a warm process. Degraded, still serving, once the warm-up gave up.
/// </summary>
internal sealed class WarmUpHealthCheck(WarmUpState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Stage switch
        {
            WarmUpState.Stages.Running => HealthCheckResult.Unhealthy("正在预热：启动后首次查询所需的准备尚未完成。"),
            WarmUpState.Stages.GaveUp => HealthCheckResult.Degraded("预热未完成（数据库在启动时不可用？）：首次查询会慢一些。"),
            _ => HealthCheckResult.Healthy(),
        });
}
