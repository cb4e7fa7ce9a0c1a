using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrgSync.Local.Queue;
using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Handlers;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Local.Running;

/// <summary>
/// The event source mapping of one <c>local</c> run: <see cref="LocalRunOptions.Concurrency"/> consumers receive batches
/// of visible messages and invoke the real SQS handler with the Lambda SQS event JSON, a deadline per batch, and the
/// partial batch response deciding what is deleted and what is redelivered — until the queue has drained.
/// </summary>
internal sealed partial class QueueRun(
    SqsBatchHandler handler, LocalQueue queue, string queueArn, LocalRunOptions options, TimeProvider time, ILogger logger, Stopwatch stopwatch)
{
    public const string Region = "us-east-1";

    private int _batches;

    /// <summary>Batches handed to the handler so far (function invocations).</summary>
    public int Batches => Volatile.Read(ref _batches);

    /// <summary>What the target units did in member accounts, over every delivery.</summary>
    public TargetOutcomeLog TargetLog { get; } = new();

    /// <summary>Runs the consumers until every message was deleted or dead-lettered; may be called again after more were sent.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var consumers = Enumerable.Range(0, options.Concurrency).Select(async _ =>
        {
            while (true)
            {
                var deliveries = await queue.ReceiveAsync(options.BatchSize, cancellationToken).ConfigureAwait(false);
                if (deliveries.IsEmpty)
                {
                    return;
                }

                var number = Interlocked.Increment(ref _batches);
                await InvokeAsync(deliveries, number, cancellationToken).ConfigureAwait(false);
                options.Progress?.Report(new LocalRunProgress(
                    queue.Messages.Count,
                    queue.Finished,
                    queue.Messages.Count(m => m.Fate == MessageFate.DeadLettered),
                    queue.InFlight,
                    Batches,
                    stopwatch.Elapsed));
            }
        }).ToList();
        await Task.WhenAll(consumers).ConfigureAwait(false);
    }

    /// <summary>One function invocation: the batch as Lambda's SQS event JSON in, the partial batch response out.</summary>
    private async Task InvokeAsync(ImmutableArray<Delivery> deliveries, int number, CancellationToken cancellationToken)
    {
        // Through the same bytes Lambda would send and read back: the event JSON in, the response JSON out.
        var payload = JsonSerializer.SerializeToUtf8Bytes(SqsEventOf(deliveries, queueArn, time), LambdaJsonContext.Default.SqsEvent);
        var batch = JsonSerializer.Deserialize(payload, LambdaJsonContext.Default.SqsEvent)!;
        var invocation = new LambdaInvocation(
            $"local-{number:D6}-{Guid.NewGuid():N}",
            time.GetUtcNow() + options.BatchTimeout,
            $"arn:aws:lambda:{Region}:000000000000:function:orgsync-local-sqs",
            null);

        // Like the runtime loop: the handler's token fires shortly before the deadline.
        using var deadline = new CancellationTokenSource(options.BatchTimeout - Margin(options.BatchTimeout), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        HashSet<string> failed;
        ImmutableDictionary<string, MessageOutcome> outcomes;
        try
        {
            var result = await handler.ProcessAsync(batch, invocation, linked.Token).ConfigureAwait(false);
            var responseBytes = JsonSerializer.SerializeToUtf8Bytes(result.Response, LambdaJsonContext.Default.SqsBatchResponse);
            var response = JsonSerializer.Deserialize(responseBytes, LambdaJsonContext.Default.SqsBatchResponse)!;
            failed = [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
            outcomes = result.Outcome.Messages.ToImmutableDictionary(m => m.MessageId, StringComparer.Ordinal);
            TargetLog.Add(result.Outcome.Targets);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A function error: Lambda returns the whole batch to the queue.
            LogInvocationFailed(logger, exception, number);
            failed = [.. deliveries.Select(d => d.Message.MessageId)];
            var reason = $"the invocation failed: {exception.GetType().Name}: {exception.Message}";
            outcomes = deliveries.ToImmutableDictionary(
                d => d.Message.MessageId,
                d => new MessageOutcome(d.Message.MessageId, null, MessageStatus.Failed, [reason]),
                StringComparer.Ordinal);
        }

        foreach (var delivery in deliveries)
        {
            var id = delivery.Message.MessageId;
            queue.Complete(delivery, !failed.Contains(id), outcomes.GetValueOrDefault(id));
        }
    }

    private static TimeSpan Margin(TimeSpan timeout) => timeout / 10 < TimeSpan.FromSeconds(1) ? timeout / 10 : TimeSpan.FromSeconds(1);

    /// <summary>The event Lambda's SQS event source mapping builds for a batch.</summary>
    internal static SqsEvent SqsEventOf(ImmutableArray<Delivery> deliveries, string queueArn, TimeProvider time) => new()
    {
        Records =
        [
            .. deliveries.Select(delivery => new SqsMessage
            {
                MessageId = delivery.Message.MessageId,
                ReceiptHandle = delivery.ReceiptHandle,
                Body = delivery.Message.Body,
                Attributes = new SqsSystemAttributes
                {
                    ApproximateReceiveCount = delivery.ReceiveCount.ToString(CultureInfo.InvariantCulture),
                    SentTimestamp = EpochMilliseconds(delivery.Message.SentAt),
                    SenderId = "AROAORGSYNCLOCAL:orgsync-local",
                    ApproximateFirstReceiveTimestamp = EpochMilliseconds(delivery.Message.FirstReceivedAt ?? time.GetUtcNow()),
                },
                Md5OfBody = Md5Hex(delivery.Message.Body),
                EventSource = "aws:sqs",
                EventSourceArn = queueArn,
                AwsRegion = Region,
            }),
        ],
    };

    private static string EpochMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

#pragma warning disable CA5351 // SQS defines md5OfBody as the MD5 of the body; a checksum, not security.
    private static string Md5Hex(string body) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351

    [LoggerMessage(Level = LogLevel.Error, Message = "Batch {Number}: the invocation failed; every message of the batch returns to the queue")]
    private static partial void LogInvocationFailed(ILogger logger, Exception exception, int number);
}
