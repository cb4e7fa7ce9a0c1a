using System.Collections.Immutable;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>What a reconcile pass came to.</summary>
/// <param name="Applied">Whether the pass wrote (<c>--apply</c>, the scheduled function) or only reported the drift.</param>
/// <param name="ListedAt">When the organization listing started: the time the pass's changes carry.</param>
/// <param name="Members">ACTIVE accounts the organization listed.</param>
/// <param name="Failure">Why the pass could not run at all (Organizations unreadable), else null.</param>
public sealed record ReconcileOutcome(
    bool Applied,
    DateTimeOffset ListedAt,
    int Members,
    ImmutableArray<ReconcileTargetReport> Targets,
    string? Failure)
{
    /// <summary>Why the pass did nothing without failing (another pass held the lease), else null.</summary>
    public string? Skipped { get; init; }

    /// <summary>Accounts whose delivery channels the pass asked to check (sent, or — reporting only — that would be).</summary>
    public int ChannelChecks { get; init; }

    /// <summary>Why the channel checks could not all be sent, when they could not.</summary>
    public string? ChannelChecksFailure { get; init; }

    /// <summary>
    /// Channel checks run inline (<c>orgsync reconcile --apply</c>) that failed: each one account's outcome, like a
    /// dead letter, listed with its reason and checked again by the next pass — not a failure of the pass.
    /// </summary>
    public ImmutableArray<FailedChannelCheck> FailedChannelChecks { get; init; } = [];

    /// <summary>The pass ran, whatever the drift, and every target could be read and written.</summary>
    public bool Succeeded => Failure is null && ChannelChecksFailure is null && Targets.All(t => t.Failure is null);
}
