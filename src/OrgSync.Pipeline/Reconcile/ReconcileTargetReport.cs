using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Reconcile;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>What a pass found and did for one target.</summary>
/// <param name="Key">The target key.</param>
/// <param name="Failure">Why the target could not be reconciled (read, write or time), when it could not.</param>
public sealed record ReconcileTargetReport(string Key, TargetKind Kind, TargetDrift Drift, string? Failure)
{
    /// <summary>A write was sent (apply mode) and confirmed.</summary>
    public bool Written { get; init; }

    /// <summary>Accounts a prerequisite kept out of a list: the next pass tries again.</summary>
    public ImmutableArray<BlockedAccount> Blocked { get; init; } = [];

    /// <summary>Aggregator sources Config reports as failing.</summary>
    public ImmutableArray<FailedSource> FailedSources { get; init; } = [];

    /// <summary>The per-target run, when one ran (apply mode, drift found).</summary>
    public TargetOutcome? Run { get; init; }
}
