using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Prerequisites;

namespace OrgSync.Pipeline.Units;

/// <summary>What happened to one target (for a delivery channel: one account in one Region).</summary>
/// <param name="Key">The target key, or the channel's resource key (<c>delivery-channel/ACCOUNT/REGION</c>).</param>
/// <param name="AccountId">The account the resource lives in: the member account for a channel, else null.</param>
public sealed record TargetOutcome(string Key, TargetKind Kind, string Region, string? AccountId, TargetStatus Status, string Reason)
{
    /// <summary>The changes that were applied (after the ledger dropped stale ones, and exclusions).</summary>
    public MembershipDelta Delta { get; init; } = MembershipDelta.Empty;

    /// <summary>What the write changed (or, plan only, would change), when one was planned.</summary>
    public PlanDiff? Diff { get; init; }

    /// <summary>Plan only: the request that would be sent.</summary>
    public PlannedRequest? Request { get; init; }

    /// <summary>Unchanged, but not as asked (e.g. an aggregator that would be left with no accounts).</summary>
    public bool IsWarning { get; init; }

    /// <summary>Unchanged because the resource is someone else's to manage (a Control Tower channel, SPEC §3.5).</summary>
    public bool IsLeftAlone { get; init; }

    /// <summary>The ids of the messages that contributed a change (those that fail when the target fails).</summary>
    public ImmutableArray<string> Contributors { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Changes the ledger already had (equal or newer).</summary>
    public int StaleChanges { get; init; }

    /// <summary>The applier's tally, when it ran.</summary>
    public ApplyCounts? Counts { get; init; }

    /// <summary>How the failure should be retried, when <see cref="Status"/> is <see cref="TargetStatus.Failed"/>.</summary>
    public FailureKind? FailureKind { get; init; }

    /// <summary>The AWS error code behind a failure, when an AWS call caused it.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Accounts a prerequisite kept out of a list: their inputs fail although the rest was applied.</summary>
    public ImmutableArray<BlockedAccount> Blocked { get; init; } = [];

    /// <summary>The member-account steps the write needed (SPEC §3.5), with their outcomes, or (plan only) the requests they would send.</summary>
    public ImmutableArray<PrerequisiteResult> Prerequisites { get; init; } = [];

    /// <summary>What the plan warned about (e.g. sources authorized in one Region only).</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>Per account of the unit's changes: where its change stands on this target.</summary>
    public ImmutableDictionary<string, AccountOutcome> Accounts { get; init; } = ImmutableDictionary<string, AccountOutcome>.Empty;

    /// <summary>Per account of the unit's changes: the inputs that carry its winning change.</summary>
    public ImmutableDictionary<string, ImmutableArray<string>> Carriers { get; init; } = ImmutableDictionary<string, ImmutableArray<string>>.Empty;
}
