using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Targets;
using OrgSync.Emulator.Faults;
using OrgSync.Emulator.State;
using OrgSync.Local.Inputs;

namespace OrgSync.Local.Running;

/// <summary>What one <c>orgsync local</c> run does (SPEC §4).</summary>
public sealed record LocalRunOptions
{
    public required TargetsFile Targets { get; init; }

    /// <summary>The emulator's initial state (it is changed by the run).</summary>
    public required EmulatorState State { get; init; }

    /// <summary>The messages to enqueue, in order.</summary>
    public required ImmutableArray<InputMessage> Inputs { get; init; }

    public int BatchSize { get; init; } = 10;

    /// <summary>Consumers receiving batches in parallel, like concurrent Lambda invocations.</summary>
    public int Concurrency { get; init; } = 1;

    public int MaxReceiveCount { get; init; } = 3;

    /// <summary>Added to every emulated API call.</summary>
    public TimeSpan Latency { get; init; }

    public FaultSettings Faults { get; init; } = FaultSettings.None;

    /// <summary>Seeds the emulator's fault draws and the retry and lease jitter.</summary>
    public int Seed { get; init; }

    /// <summary>Keep the ledger here across runs; null: a fresh one in memory, for this run only.</summary>
    public string? LedgerFolder { get; init; }

    /// <summary>The Lambda-like timeout of one batch: its deadline is this long after it starts.</summary>
    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Targets worked on at the same time within one batch; null: one at a time with a single consumer (so a
    /// seeded fault run is repeatable call for call), the pipeline's default otherwise.
    /// </summary>
    public int? MaxConcurrentTargets { get; init; }

    /// <summary>
    /// First backoff ceiling of the appliers' retries, doubled per failure up to <see cref="RetryMaxDelay"/>.
    /// Scaled down from Lambda's (200 ms to 10 s): the emulator's throttling has no real capacity to recover,
    /// so waiting longer only makes a fault run slower, not different.
    /// </summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After the queue has drained, run one applied reconcile pass (SPEC §4 <c>--reconcile</c>) and drain its channel checks.</summary>
    public bool Reconcile { get; init; }

    /// <summary>The reconcile pass's deadline, from its start.</summary>
    public TimeSpan ReconcileTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Told after every batch.</summary>
    public IProgress<LocalRunProgress>? Progress { get; init; }
}

/// <summary>Where a run stands.</summary>
public sealed record LocalRunProgress(int Messages, int Finished, int DeadLettered, int InFlight, int Batches, TimeSpan Elapsed);
