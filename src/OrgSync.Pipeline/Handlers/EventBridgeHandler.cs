using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrgSync.Core.Delivery;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Pipeline.Handlers;

/// <summary>
/// The <c>eventbridge</c> function: one envelope through the same <see cref="BatchProcessor"/> as a batch of
/// one. Returns when the event was applied or ignored; throws <see cref="EventFailedException"/> when it is
/// invalid or a target failed, so that EventBridge retries it and finally dead-letters it.
/// </summary>
/// <remarks>
/// Lambda invokes the function asynchronously and retries a failed event with the same request id, but says
/// nothing of which attempt this is. With <see cref="Attempts"/> the handler counts the attempts per request id
/// before processing, and the count is the message's receive count: compared with the processor's
/// <see cref="PipelineOptions.MaxReceiveCount"/> (<c>MaximumRetryAttempts + 1</c>), the last attempt announces a
/// failure that retries could not turn around (SPEC §7) and is counted as a dead letter, as SQS's last delivery is.
/// When the count cannot be recorded the event is processed without one (no last delivery), with a warning.
/// </remarks>
public sealed partial class EventBridgeHandler(BatchProcessor processor) : IEventBridgeHandler
{
    /// <summary>
    /// How long an attempt count is kept: Lambda keeps retrying an asynchronous event for at most 6 hours
    /// (<c>MaximumEventAgeInSeconds</c>), so a day outlives every retry of it.
    /// </summary>
    public static readonly TimeSpan AttemptRetention = TimeSpan.FromDays(1);

    /// <summary>Where attempts are counted, per Lambda request id; null: not counted (no receive count).</summary>
    public IDeliveryAttempts? Attempts { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILogger Logger { get; init; } = NullLogger.Instance;

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
        var attempt = await CountAttemptAsync(invocation.RequestId, cancellationToken).ConfigureAwait(false);
        var batch = await processor.ProcessAsync(
            [new InboundMessage(invocation.RequestId, eventJson ?? string.Empty) { ReceiveCount = attempt }],
            new BatchContext(invocation.RequestId, invocation.Deadline),
            cancellationToken).ConfigureAwait(false);
        return batch.Messages[0];
    }

    private async Task<int?> CountAttemptAsync(string requestId, CancellationToken cancellationToken)
    {
        if (Attempts is null || string.IsNullOrEmpty(requestId))
        {
            return null;
        }

        try
        {
            return await Attempts.RecordAttemptAsync(requestId, Time.GetUtcNow() + AttemptRetention, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAttemptNotCounted(Logger, exception, requestId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The attempt of request {RequestId} could not be counted; it is processed without a receive count, so a failure on Lambda's last retry is not announced")]
    private static partial void LogAttemptNotCounted(ILogger logger, Exception exception, string requestId);
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
