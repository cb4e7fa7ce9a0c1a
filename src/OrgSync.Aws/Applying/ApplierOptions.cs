using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Observability;

namespace OrgSync.Aws.Applying;

/// <summary>
/// The fencing check run right before every write: false means the caller's lease on
/// <paramref name="resourceKey"/> was lost, so the write is abandoned and the target fails.
/// </summary>
public delegate Task<bool> WriteFence(string resourceKey, CancellationToken cancellationToken);

/// <summary>Retry policy and the services the appliers report to.</summary>
public sealed record ApplierOptions
{
    /// <summary>First backoff ceiling; doubled per failed attempt up to <see cref="MaxDelay"/> (full jitter: uniform in [0, ceiling]).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed calls tolerated per target before giving up, even with time left.</summary>
    public int MaxAttempts { get; init; } = 10;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IMetricsSink Metrics { get; init; } = NullMetricsSink.Instance;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Jitter source; seed it for repeatable runs.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>The full-jitter backoff before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Backoff(int retry)
    {
        var ceiling = ExponentialBackoff.Ceiling(BaseDelay, MaxDelay, retry);
        return ceiling <= TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromTicks((long)(ExponentialBackoff.Draw(Random) * ceiling.Ticks));
    }
}
