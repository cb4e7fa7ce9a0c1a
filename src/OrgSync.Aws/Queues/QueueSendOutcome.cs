using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;

namespace OrgSync.Aws.Queues;

/// <summary>What became of one <see cref="OutgoingMessage"/>: its SQS message id, or why it was not enqueued.</summary>
public sealed record QueueSendOutcome(OutgoingMessage Message)
{
    /// <summary>The id SQS gave the message; null when it was not enqueued.</summary>
    public string? MessageId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>How to treat the failure (a sender fault is permanent unless throttling; a service fault transient); null when enqueued.</summary>
    public FailureKind? Failure { get; init; }

    public bool Succeeded => Failure is null;
}
