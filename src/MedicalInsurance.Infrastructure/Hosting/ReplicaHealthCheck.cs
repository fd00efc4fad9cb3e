using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedicalInsurance.Infrastructure.Hosting;

/// <summary>
/// The read replica: healthy when none is configured or it is current; degraded, saying why, when reads have gone back to
/// the primary (the app still serves everything, from one server).
/// </summary>
public sealed class ReplicaHealthCheck(ReadRouting reads) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await reads.StatusAsync(cancellationToken);
        var lag = status.Lag is { } known ? $"{known.TotalSeconds:0.0} 秒" : "未知";
        return status.State switch
        {
            ReplicaState.None => HealthCheckResult.Healthy("未配置只读备库：读写都在主库。"),
            ReplicaState.Current => HealthCheckResult.Healthy($"只读备库正常，复制延迟 {lag}。"),
            ReplicaState.Lagging => HealthCheckResult.Degraded($"只读备库复制延迟 {lag}，超过上限：读取改由主库承担。"),
            _ => HealthCheckResult.Degraded($"只读备库不可用（{status.Problem}）：读取改由主库承担。"),
        };
    }
}
