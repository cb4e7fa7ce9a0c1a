using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Pipeline.Handlers;

/// <summary>
/// The <c>eventbridge</c> function: one envelope through the same <see cref="BatchProcessor"/> as a batch of
/// one. Returns when the event was applied or ignored; throws <see cref="EventFailedException"/> when it is
/// invalid or a target failed, so that EventBridge retries it and finally dead-letters it.
/// </summary>
public sealed class EventBridgeHandler(BatchProcessor processor) : IEventBridgeHandler
{
    public async Task HandleAsync(string eventJson, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var outcome = await ProcessAsync(eventJson, invocation, cancellationToken).ConfigureAwait(false);
        if (outcome.IsFailure)
        {
            throw new EventFailedException(outcome);
        }
    }

    /// <summary>The event's outcome, without throwing.</summary>
    public async Task<MessageOutcome> ProcessAsync(string eventJson, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var batch = await processor.ProcessAsync(
            [new InboundMessage(invocation.RequestId, eventJson ?? string.Empty)],
            new BatchContext(invocation.RequestId, invocation.Deadline),
            cancellationToken).ConfigureAwait(false);
        return batch.Messages[0];
    }
}

/// <summary>The event was invalid or a target it changes failed; the message says why.</summary>
public sealed class EventFailedException : Exception
{
    public EventFailedException(MessageOutcome outcome)
        : base(Describe(outcome))
    {
        Outcome = outcome;
    }

    public EventFailedException()
    {
    }

    public EventFailedException(string message)
        : base(message)
    {
    }

    public EventFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MessageOutcome? Outcome { get; }

    private static string Describe(MessageOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var what = outcome.EventId is null ? "The event" : $"Event {outcome.EventId}";
        return outcome.Status == MessageStatus.Invalid
            ? $"{what} was rejected: {outcome.Reason}"
            : $"{what} was not fully applied: {outcome.Reason}";
    }
}
