using System.Collections.Immutable;

namespace OrgSync.Pipeline.Notifications;

/// <summary>What the completion step of one batch did.</summary>
/// <param name="Events">Every completion event sent or tried, in the order they were claimed.</param>
/// <param name="Callbacks">Every task callback sent or tried.</param>
/// <param name="Failures">Per message id, why it fails for the sake of its announcements (SQS redelivers it, and it announces then).</param>
/// <param name="Waiting">Announcements left to a redelivery of their failed message (an outcome not final yet).</param>
public sealed record CompletionReport(
    ImmutableArray<EventAnnouncement> Events,
    ImmutableArray<CallbackAnnouncement> Callbacks,
    ImmutableDictionary<string, ImmutableArray<string>> Failures,
    int Waiting)
{
    public static CompletionReport None { get; } = new([], [], ImmutableDictionary<string, ImmutableArray<string>>.Empty, 0);
}
