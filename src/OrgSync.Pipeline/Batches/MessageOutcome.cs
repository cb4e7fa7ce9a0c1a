using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Pipeline.Batches;

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

    /// <summary>
    /// Failed on the delivery that reached <see cref="PipelineOptions.MaxReceiveCount"/> (the queue's <c>maxReceiveCount</c>;
    /// Lambda's last attempt of an asynchronous event): SQS or Lambda dead-letters it now.
    /// </summary>
    public bool IsLastDelivery { get; init; }
}
