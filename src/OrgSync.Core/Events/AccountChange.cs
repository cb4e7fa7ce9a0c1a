using System.Collections.Immutable;

namespace OrgSync.Core.Events;

public enum ChangeKind
{
    Join,
    Leave,
}

/// <summary>One account joining or leaving, stamped with the event's envelope time.</summary>
/// <param name="EventId">The envelope <c>id</c> (or a digest of the body when it has none); for logs and correlation.</param>
public sealed record AccountChange(string AccountId, ChangeKind Kind, DateTimeOffset Time, string EventId);

/// <summary>What one input message means. Exactly one of three outcomes; never an exception.</summary>
public abstract record Classification
{
    private Classification()
    {
    }

    /// <summary>A recognised event whose condition holds: one or more account changes.</summary>
    public sealed record Changes(string EventId, string Source, string DetailType, ImmutableArray<AccountChange> Items) : Classification;

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
