using System.Collections.Immutable;

namespace OrgSync.Core.Events;

public enum ChangeKind
{
    Join,
    Leave,

    /// <summary>
    /// The account stays in the organization but changed organizational unit (SPEC §1, <c>MoveAccount</c>).
    /// It changes no target by itself: for each target with a <c>scope</c> it is resolved into a join
    /// (the scope now holds the account) or a leave (it no longer does); targets without a scope ignore it.
    /// </summary>
    Move,
}

/// <summary>One account joining, leaving or moving, stamped with the event's envelope time.</summary>
/// <param name="EventId">The envelope <c>id</c> (or a digest of the body when it has none); for logs and correlation.</param>
public sealed record AccountChange(string AccountId, ChangeKind Kind, DateTimeOffset Time, string EventId)
{
    /// <summary>
    /// The targets this change may touch. <see cref="ChangeReach.DeliveryChannels"/> only for a
    /// <c>Reconcile Account</c> request; every event of SPEC §1 reaches all targets.
    /// </summary>
    public ChangeReach Reach { get; init; } = ChangeReach.AllTargets;

    /// <summary>
    /// For recording only (<see cref="Membership.IMembershipLedger.RecordAsync"/>): the change was applied, but a
    /// prerequisite kept the account out of at least one of the target's lists; the ledger keeps it as
    /// <see cref="Membership.AppliedChange.Blocked"/>. Never set by a classifier; plays no part in
    /// <see cref="Membership.ChangeOrder"/>.
    /// </summary>
    public bool Blocked { get; init; }
}

/// <summary>What one input message means. Exactly one of three outcomes; never an exception.</summary>
public abstract record Classification
{
    private Classification()
    {
    }

    /// <summary>A recognised event whose condition holds: one or more account changes.</summary>
    public sealed record Changes(string EventId, string Source, string DetailType, ImmutableArray<AccountChange> Items) : Classification
    {
        /// <summary>The envelope <c>time</c> (UTC), the time every item carries; the <c>eventTime</c> of a notification (SPEC §7).</summary>
        public DateTimeOffset Time { get; init; }

        /// <summary>
        /// A custom <c>Account Change Request</c>'s <c>detail.requestId</c>, verbatim; null when absent or
        /// null, and for every other input. Echoed in the completion notification (SPEC §7).
        /// </summary>
        public string? RequestId { get; init; }

        /// <summary>
        /// A custom <c>Account Change Request</c>'s <c>detail.taskToken</c> (a Step Functions
        /// wait-for-callback token, 1–2048 characters); null when absent or null, and for every other input.
        /// A secret of sorts (it completes someone's task): never log it.
        /// </summary>
        public string? TaskToken { get; init; }
    }

    /// <summary>Not for us (unknown event, or a recognised one whose condition does not hold). Never retried.</summary>
    public sealed record Ignored(string EventId, string Reason) : Classification;

    /// <summary>Malformed or untrusted. Reported as a batch item failure; SQS redelivers, then dead-letters.</summary>
    public sealed record Invalid(string Reason) : Classification;
}

/// <summary>The parts of the targets file that decide how events are read.</summary>
public sealed record ClassifierOptions(ImmutableArray<string> CustomSources, string? TrustedManagementAccountId)
{
    public static ClassifierOptions Default { get; } = new(ImmutableArray<string>.Empty, null);
}
