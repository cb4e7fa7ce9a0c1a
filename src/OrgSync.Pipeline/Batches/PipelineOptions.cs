using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Applying;
using OrgSync.Core.Observability;

namespace OrgSync.Pipeline.Batches;

/// <summary>How a batch is processed; the defaults suit Lambda.</summary>
public sealed record PipelineOptions
{
    /// <summary>Targets worked on at the same time within one batch (each on its own lease).</summary>
    public int MaxConcurrentTargets { get; init; } = 8;

    /// <summary>
    /// Time kept back from the invocation deadline: no apply attempt, backoff or lease wait starts after
    /// <c>deadline − margin</c>, so the ledger is recorded, leases released and the response sent in time.
    /// At most a quarter of the remaining time is kept back, so short invocations still get work done.
    /// </summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a lease outlives the invocation's deadline: if the process dies holding it, the target is
    /// blocked until then, never forever.
    /// </summary>
    public TimeSpan LeaseMargin { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First ceiling of the jittered wait for a lease someone else holds; doubled per attempt up to <see cref="LeaseRetryMaxDelay"/>.</summary>
    public TimeSpan LeaseRetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan LeaseRetryMaxDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The queue's <c>maxReceiveCount</c> (for the <c>eventbridge</c> function, Lambda's attempts of an event): a message
    /// that fails on this delivery (or a later one) goes to the dead-letter queue, which the pipeline announces (SPEC §7),
    /// logs and counts (<c>DeadLetters</c>). Null: unknown, not counted.
    /// </summary>
    public int? MaxReceiveCount { get; init; }

    /// <summary>A message received <paramref name="receiveCount"/> times is on its last delivery; false when either count is unknown.</summary>
    public bool IsLastDelivery(int? receiveCount) => receiveCount >= MaxReceiveCount;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IMetricsSink Metrics { get; init; } = NullMetricsSink.Instance;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Jitter of the lease waits; seed it for repeatable runs.</summary>
    public Random Random { get; init; } = Random.Shared;

    /// <summary>The instant after which no attempt starts, for an invocation ending at <paramref name="deadline"/>.</summary>
    public DateTimeOffset WorkDeadline(DateTimeOffset deadline)
    {
        var remaining = deadline - Time.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return deadline;
        }

        var margin = remaining / 4 < SafetyMargin ? remaining / 4 : SafetyMargin;
        return deadline - margin;
    }

    /// <summary>The jittered wait before lease attempt number <paramref name="attempt"/> + 1 ("equal jitter": never zero, never in lockstep).</summary>
    public TimeSpan LeaseRetryDelay(int attempt) => new ExponentialBackoff(LeaseRetryBaseDelay, LeaseRetryMaxDelay, Random).EqualJitter(attempt);
}
