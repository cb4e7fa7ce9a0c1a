using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Applying;

/// <summary>Retry policy of the appliers. What an apply did is reported by its caller (the pipeline), not here.</summary>
public sealed record ApplierOptions
{
    /// <summary>First backoff ceiling; doubled per failed attempt up to <see cref="MaxDelay"/> (full jitter: uniform in [0, ceiling]).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Failed calls tolerated per target before giving up, even with time left.</summary>
    public int MaxAttempts { get; init; } = 10;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>
    /// Member accounts whose prerequisite steps (SPEC §3.5) run at once, within one apply: each account's steps stay in
    /// order, and different accounts share no throttling bucket. 1 keeps a seeded run repeatable call for call.
    /// </summary>
    public int MaxConcurrentPrerequisites { get; init; } = 8;

    /// <summary>Jitter source; seed it for repeatable runs.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>The full-jitter backoff before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan Backoff(int retry) => new ExponentialBackoff(BaseDelay, MaxDelay, Random).FullJitter(retry);
}
