using System.Collections.Immutable;
using OrgSync.Aws.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Pipeline.Batches;

public enum MessageStatus
{
    /// <summary>Every change it contributed was applied (or was already there, stale, superseded or excluded).</summary>
    Succeeded,

    /// <summary>Not an event OrgSync acts on (SPEC §1): consumed, never retried.</summary>
    Ignored,

    /// <summary>Malformed or untrusted: a batch item failure, redelivered until it is dead-lettered.</summary>
    Invalid,

    /// <summary>A target it contributed a change to failed: a batch item failure, redelivered.</summary>
    Failed,
}

/// <summary>What happened to one message.</summary>
/// <param name="EventId">The envelope id, when the body could be read.</param>
/// <param name="Reasons">Why it was ignored, invalid or failed (one per failed target); empty when it succeeded.</param>
public sealed record MessageOutcome(string MessageId, string? EventId, MessageStatus Status, ImmutableArray<string> Reasons)
{
    /// <summary>Named in the partial batch response: SQS redelivers it.</summary>
    public bool IsFailure => Status is MessageStatus.Invalid or MessageStatus.Failed;

    /// <summary>The reasons in one line.</summary>
    public string Reason => string.Join("; ", Reasons);

    /// <summary>The account changes the message carried (empty unless its event was recognised).</summary>
    public ImmutableArray<AccountChange> Changes { get; init; } = ImmutableArray<AccountChange>.Empty;

    /// <summary>Deliveries so far, this one included, when known.</summary>
    public int? ReceiveCount { get; init; }

    /// <summary>Failed on the delivery that reached the queue's <c>maxReceiveCount</c>: SQS dead-letters it now.</summary>
    public bool IsLastDelivery { get; init; }
}

public enum TargetKind
{
    Aggregator,
    Distribution,
    DeliveryChannel,
}

public enum TargetStatus
{
    /// <summary>A write was sent and confirmed.</summary>
    Written,

    /// <summary>Read, and already as planned (or the planner chose not to write): nothing was sent.</summary>
    Unchanged,

    /// <summary>No change of the batch was left for the target (stale, excluded, not applicable): not even read.</summary>
    NothingToApply,

    /// <summary>The messages that contributed a change to it fail.</summary>
    Failed,
}

/// <summary>What happened to one target (for a delivery channel: one account in one Region).</summary>
/// <param name="Key">The target key, or the channel's resource key (<c>delivery-channel/ACCOUNT/REGION</c>).</param>
/// <param name="AccountId">The account the resource lives in: the member account for a channel, else null.</param>
public sealed record TargetOutcome(string Key, TargetKind Kind, string Region, string? AccountId, TargetStatus Status, string Reason)
{
    /// <summary>The changes that were applied (after the ledger dropped stale ones, and exclusions).</summary>
    public MembershipDelta Delta { get; init; } = MembershipDelta.Empty;

    /// <summary>What the write changed, when one was sent.</summary>
    public PlanDiff? Diff { get; init; }

    /// <summary>The ids of the messages that contributed a change (those that fail when the target fails).</summary>
    public ImmutableArray<string> Contributors { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>Changes of the batch the ledger already had (equal or newer).</summary>
    public int StaleChanges { get; init; }

    /// <summary>The applier's tally, when it ran.</summary>
    public ApplyCounts? Counts { get; init; }
}

/// <summary>Everything a batch did, per message and per target.</summary>
public sealed record BatchOutcome(ImmutableArray<MessageOutcome> Messages, ImmutableArray<TargetOutcome> Targets)
{
    /// <summary>The partial batch response: exactly the invalid and failed messages.</summary>
    public SqsBatchResponse ToSqsBatchResponse() =>
        new(Messages.Where(message => message.IsFailure).Select(message => new BatchItemFailure(message.MessageId)));
}
