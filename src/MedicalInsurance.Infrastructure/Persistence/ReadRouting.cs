using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Persistence;

/// <summary>
/// Where a read goes: the streaming replica (<see cref="DatabaseOptions.Replica"/>) when one is configured, answers, has
/// replayed the primary's WAL to within <see cref="ReplicaOptions.MaxLagSeconds"/>, and has replayed the reader's own
/// last write (read-your-writes by LSN); the primary otherwise. Writes never come here: they take the primary's
/// contexts as before.
/// </summary>
/// <remarks>
/// The replica's lag is measured by LSN, not by the replica's clock: each probe reads the primary's current WAL position
/// and keeps it with the time it was read; the replica is as fresh as the latest position it has replayed, so its lag is
/// the age of that position (an upper bound: between two probes the write may have come later). A primary with no
/// writes has nothing to replay, and the lag is zero. Probes are made at most every
/// <see cref="ReplicaOptions.ProbeSeconds"/>, by a read that finds the last one too old; the reads meanwhile use the
/// last answer. A replica that stopped between two probes fails one read, which the page shows with a retry.
/// </remarks>
public sealed class ReadRouting : IAsyncDisposable
{
    private const int MaxSamples = 10_000;

    private readonly IDbContextFactory<MedicalInsuranceDbContext> _primary;
    private readonly NpgsqlDataSource _primarySource;
    private readonly NpgsqlDataSource? _replicaSource;
    private readonly DbContextOptions<MedicalInsuranceDbContext>? _replicaOptions;
    private readonly TimeProvider _time;
    private readonly ReplicaOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (NpgsqlLogSequenceNumber Lsn, DateTimeOffset At)> _writes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _probing = new(1, 1);
    private readonly LinkedList<(DateTimeOffset At, NpgsqlLogSequenceNumber Lsn)> _samples = new();
    private volatile Probe? _last;

    public ReadRouting(IDbContextFactory<MedicalInsuranceDbContext> primary, NpgsqlDataSource primarySource, IOptions<DatabaseOptions> database,
        IOptions<ReplicaOptions> options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _primary = primary;
        _primarySource = primarySource;
        _time = time;
        _options = options.Value;
        _logger = (ILogger?)loggers?.CreateLogger<ReadRouting>() ?? NullLogger.Instance;
        if (database.Value.Replica is { Length: > 0 } replica)
        {
            var builder = new NpgsqlDataSourceBuilder(DatabaseSetup.WithDefaults(replica));
            if (loggers is not null)
            {
                builder.UseLoggerFactory(loggers);
            }

            _replicaSource = builder.Build();
            var contexts = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
            contexts.UseMedicalInsuranceDatabase(_replicaSource).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
            if (loggers is not null)
            {
                contexts.UseLoggerFactory(loggers);
            }

            _replicaOptions = contexts.Options;
        }
    }

    private ReadRouting(IDbContextFactory<MedicalInsuranceDbContext> primary, TimeProvider time)
    {
        _primary = primary;
        _primarySource = null!;
        _time = time;
        _options = new ReplicaOptions();
        _logger = NullLogger.Instance;
    }

    /// <summary>Every read on <paramref name="primary"/>: a host or a test without a replica.</summary>
    public static ReadRouting PrimaryOnly(IDbContextFactory<MedicalInsuranceDbContext> primary) => new(primary, TimeProvider.System);

    /// <summary>True when a replica is configured.</summary>
    public bool HasReplica => _replicaSource is not null;

    /// <summary>
    /// A context to read with for <paramref name="userName"/> (null: a reader with no writes of its own): on the replica when it
    /// is usable for them, else on the primary. The caller disposes it; it must not write.
    /// </summary>
    public async Task<MedicalInsuranceDbContext> CreateReadContextAsync(string? userName, CancellationToken cancellationToken = default)
    {
        if (await UseReplicaAsync(userName, cancellationToken))
        {
            return new MedicalInsuranceDbContext(_replicaOptions!);
        }

        return await _primary.CreateDbContextAsync(cancellationToken);
    }

    /// <summary>
    /// Records that <paramref name="userName"/> has just committed a write on the primary: their reads stay on the primary until
    /// the replica has replayed the primary's WAL position as it is now, which is at or past their commit.
    /// </summary>
    public async Task NoteWriteAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (_replicaSource is null)
        {
            return;
        }

        NpgsqlLogSequenceNumber lsn;
        try
        {
            lsn = await ScalarAsync(_primarySource, "select pg_current_wal_lsn()", cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            // The write has committed; its position is unknown: the primary for this user until any write of now is surely
            // replayed (see UseReplicaAsync).
            lsn = new NpgsqlLogSequenceNumber(ulong.MaxValue);
        }

        var entry = (lsn, _time.GetUtcNow());
        _writes.AddOrUpdate(userName, entry, (_, was) => was.Lsn > lsn ? (was.Lsn, entry.Item2) : entry);
    }

    /// <summary>The replica's state as the last probe found it (probing now when that is too old).</summary>
    public async Task<ReplicaStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        if (_replicaSource is null)
        {
            return new ReplicaStatus(ReplicaState.None, null, null);
        }

        var probe = await ProbeAsync(wait: true, cancellationToken);
        return new ReplicaStatus(probe!.State, probe.Lag, probe.Problem);
    }

    private async Task<bool> UseReplicaAsync(string? userName, CancellationToken cancellationToken)
    {
        if (_replicaSource is null)
        {
            return false;
        }

        var probe = await ProbeAsync(wait: false, cancellationToken);
        if (probe is not { State: ReplicaState.Current })
        {
            return false;
        }

        if (userName is null || !_writes.TryGetValue(userName, out var wrote))
        {
            return true;
        }

        // A current replica has replayed everything written before the probe's time less its lag bound: a write older than
        // that is surely there, whatever its position (also one whose position could not be read).
        if (probe.Replayed >= wrote.Lsn || wrote.At < probe.At - TimeSpan.FromSeconds(_options.MaxLagSeconds))
        {
            _writes.TryRemove(new KeyValuePair<string, (NpgsqlLogSequenceNumber, DateTimeOffset)>(userName, wrote));
            return true;
        }

        // The reader's write is newer than the last probe saw replayed: ask the replica now.
        try
        {
            var replayed = await ScalarAsync(_replicaSource, "select coalesce(pg_last_wal_replay_lsn(), '0/0'::pg_lsn)", cancellationToken);
            if (replayed < wrote.Lsn)
            {
                return false;
            }

            _writes.TryRemove(new KeyValuePair<string, (NpgsqlLogSequenceNumber, DateTimeOffset)>(userName, wrote));
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// The last probe when it is recent enough, else a new one. A reader that finds another probe running takes the last
    /// answer (none yet: the primary) rather than wait; <paramref name="wait"/> waits for it.
    /// </summary>
    private async Task<Probe?> ProbeAsync(bool wait, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_last is { } last && now - last.At < TimeSpan.FromSeconds(_options.ProbeSeconds))
        {
            return last;
        }

        if (!await _probing.WaitAsync(wait ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken))
        {
            return _last;
        }

        try
        {
            if (_last is { } fresh && _time.GetUtcNow() - fresh.At < TimeSpan.FromSeconds(_options.ProbeSeconds))
            {
                return fresh;
            }

            _last = await MeasureAsync(cancellationToken);
            return _last;
        }
        finally
        {
            _probing.Release();
        }
    }

    private async Task<Probe> MeasureAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, _options.ProbeSeconds)));
        NpgsqlLogSequenceNumber primary;
        try
        {
            // The primary first: whatever the replica reports afterwards is compared with a position that already existed.
            primary = await ScalarAsync(_primarySource, "select pg_current_wal_lsn()", timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The primary does not answer: the reads fail there too, with the page's own message.
            return new Probe(_time.GetUtcNow(), ReplicaState.Down, default, null, "主库不可用");
        }

        var at = _time.GetUtcNow();
        NpgsqlLogSequenceNumber replayed;
        try
        {
            replayed = await ScalarAsync(_replicaSource!, "select coalesce(pg_last_wal_replay_lsn(), '0/0'::pg_lsn)", timeout.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogReplicaDown(ex.Message);
            return new Probe(at, ReplicaState.Down, default, null, ex is OperationCanceledException ? "备库未在限时内应答" : "备库不可用");
        }

        var lag = Lag(at, primary, replayed);
        var state = lag <= TimeSpan.FromSeconds(_options.MaxLagSeconds) ? ReplicaState.Current : ReplicaState.Lagging;
        return new Probe(at, state, replayed, lag, state == ReplicaState.Lagging ? "备库复制延迟超过上限" : null);
    }

    /// <summary>
    /// The age of the latest primary position the replica has replayed, with this probe's position added; positions older
    /// than that one are no longer needed. Behind every position known (a first probe while the primary is written): null,
    /// unknown, which counts as lagging until the next probe has a position to compare with.
    /// </summary>
    private TimeSpan? Lag(DateTimeOffset at, NpgsqlLogSequenceNumber primary, NpgsqlLogSequenceNumber replayed)
    {
        lock (_samples)
        {
            _samples.AddLast((at, primary));
            if (_samples.Count > MaxSamples)
            {
                _samples.RemoveFirst();
            }

            if (replayed >= primary)
            {
                _samples.Clear();
                _samples.AddLast((at, primary));
                return TimeSpan.Zero;
            }

            (DateTimeOffset At, NpgsqlLogSequenceNumber Lsn)? latest = null;
            while (_samples.First is { } first && first.Value.Lsn <= replayed)
            {
                latest = first.Value;
                _samples.RemoveFirst();
            }

            if (latest is { } kept)
            {
                _samples.AddFirst(kept);
                return at - kept.At;
            }

            return null;
        }
    }

    private void LogReplicaDown(string message) =>
        _logger.LogWarning("Read replica not usable, reads go to the primary: {Problem}", message);

    private static async Task<NpgsqlLogSequenceNumber> ScalarAsync(NpgsqlDataSource source, string sql, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(sql);
        return (NpgsqlLogSequenceNumber)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_replicaSource is not null)
        {
            await _replicaSource.DisposeAsync();
        }

        _probing.Dispose();
    }

    private sealed record Probe(DateTimeOffset At, ReplicaState State, NpgsqlLogSequenceNumber Replayed, TimeSpan? Lag, string? Problem);
}
