using System.Collections.Immutable;

namespace OrgSync.Aws.Queues;

/// <summary>Every message of a <see cref="QueueSender.SendAsync"/> call with its outcome, in the order given: send again only <see cref="Failed"/>.</summary>
public sealed record QueueSendResult(ImmutableArray<QueueSendOutcome> Messages)
{
    public bool AllSucceeded => Messages.All(m => m.Succeeded);

    public ImmutableArray<QueueSendOutcome> Failed => [.. Messages.Where(m => !m.Succeeded)];
}
