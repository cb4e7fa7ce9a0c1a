using System.Collections.Immutable;
using System.Globalization;
using Amazon.SQS.Model;
using OrgSync.Aws.Errors;
using OrgSync.Core.Applying;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Queues;

/// <summary>
/// Enqueues messages on an SQS queue with <c>SendMessageBatch</c>: as few calls as SQS's limits allow
/// (at most <see cref="MaxEntriesPerBatch"/> entries and <see cref="MaxBatchBytes"/> per call), and an
/// outcome per message, so the caller sends again only what failed. A call that fails as a whole (throttled,
/// queue missing) fails its messages and those not sent yet with the same error; what was sent stays sent.
/// </summary>
public sealed class QueueSender : IDisposable
{
    /// <summary>SQS: a batch holds at most ten entries.</summary>
    public const int MaxEntriesPerBatch = 10;

    /// <summary>SQS: the bodies of one batch add up to at most 256 KiB (the classic message size limit, kept as the batch limit).</summary>
    public const int MaxBatchBytes = 256 * 1024;

    private const string Operation = "SendMessageBatch";

    private readonly SqsClient _client;

    internal QueueSender(SqsClient client) => _client = client;

    /// <summary>The signing Region of the underlying client.</summary>
    public string Region => _client.Config.AuthenticationRegion ?? _client.Config.RegionEndpoint?.SystemName ?? "unknown";

    /// <exception cref="ArgumentException">A message alone is larger than <see cref="MaxBatchBytes"/>: nothing is sent.</exception>
    public async Task<QueueSendResult> SendAsync(string queueUrl, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueUrl);
        var outcomes = ImmutableArray.CreateBuilder<QueueSendOutcome>(messages.Count);
        AwsServiceException? stopped = null;
        foreach (var batch in Batches(messages))
        {
            if (stopped is not null)
            {
                outcomes.AddRange(batch.Select(m => Failed(m, stopped)));
                continue;
            }

            try
            {
                outcomes.AddRange(await SendBatchAsync(queueUrl, batch, cancellationToken).ConfigureAwait(false));
            }
            catch (AwsServiceException exception)
            {
                stopped = exception;
                outcomes.AddRange(batch.Select(m => Failed(m, stopped)));
            }
        }

        return new QueueSendResult(outcomes.ToImmutable());
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Consecutive batches within both limits, in the order given.</summary>
    internal static IEnumerable<ImmutableArray<OutgoingMessage>> Batches(IReadOnlyList<OutgoingMessage> messages)
    {
        var tooLarge = messages.Select((m, i) => (m.Size, Index: i)).FirstOrDefault(m => m.Size > MaxBatchBytes);
        if (tooLarge.Size > MaxBatchBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"message {tooLarge.Index} is {tooLarge.Size} bytes; SQS takes at most {MaxBatchBytes}"),
                nameof(messages));
        }

        return Split(messages);

        static IEnumerable<ImmutableArray<OutgoingMessage>> Split(IReadOnlyList<OutgoingMessage> messages)
        {
            var batch = ImmutableArray.CreateBuilder<OutgoingMessage>(MaxEntriesPerBatch);
            var bytes = 0;
            foreach (var message in messages)
            {
                if (batch.Count == MaxEntriesPerBatch || bytes + message.Size > MaxBatchBytes)
                {
                    yield return batch.ToImmutable();
                    batch.Clear();
                    bytes = 0;
                }

                batch.Add(message);
                bytes += message.Size;
            }

            if (batch.Count > 0)
            {
                yield return batch.ToImmutable();
            }
        }
    }

    /// <summary>
    /// One <c>SendMessageBatch</c> call: the batch's messages with their outcomes, in order. For a caller that retries
    /// the call (and sends again only the entries that failed) itself.
    /// </summary>
    /// <param name="batch">One of <see cref="Batches"/>: within SQS's limits.</param>
    /// <exception cref="AwsServiceException">The call failed as a whole (throttled, queue missing, no response).</exception>
    internal async Task<ImmutableArray<QueueSendOutcome>> SendBatchAsync(string queueUrl, ImmutableArray<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        if (batch.Length is 0 or > MaxEntriesPerBatch)
        {
            throw new ArgumentException($"a batch holds 1 to {MaxEntriesPerBatch} messages, not {batch.Length}", nameof(batch));
        }

        try
        {
            return [.. await CallAsync(queueUrl, batch, cancellationToken).ConfigureAwait(false)];
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw OrgSyncServiceClient.Translate("sqs", Operation, exception);
        }
    }

    private async Task<IEnumerable<QueueSendOutcome>> CallAsync(string queueUrl, ImmutableArray<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        // Entry ids only need to be unique within the call: the index maps each result back to its message.
        var request = new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. batch.Select((m, i) => new SendMessageBatchRequestEntry
            {
                Id = i.ToString(CultureInfo.InvariantCulture),
                MessageBody = m.Body,
                MessageGroupId = m.MessageGroupId,
                MessageDeduplicationId = m.MessageDeduplicationId,
            })],
        };
        var response = await _client.SendMessageBatchAsync(request, cancellationToken).ConfigureAwait(false);
        var sent = (response.Successful ?? []).ToDictionary(s => s.Id, s => s.MessageId, StringComparer.Ordinal);
        var failed = (response.Failed ?? []).ToDictionary(f => f.Id, StringComparer.Ordinal);
        return batch.Select((message, i) =>
        {
            var id = i.ToString(CultureInfo.InvariantCulture);
            if (sent.TryGetValue(id, out var messageId))
            {
                return new QueueSendOutcome(message) { MessageId = messageId };
            }

            return failed.TryGetValue(id, out var error)
                ? new QueueSendOutcome(message)
                {
                    ErrorCode = error.Code,
                    ErrorMessage = error.Message,
                    Failure = AwsFailureClassifier.Classify(error.Code, error.SenderFault == true ? 400 : 500),
                }
                : new QueueSendOutcome(message)
                {
                    ErrorCode = ErrorCodes.UnreadableResponse,
                    ErrorMessage = $"SQS reported entry {id} neither sent nor failed",
                    Failure = FailureKind.Transient,
                };
        }).ToList();
    }

    private static QueueSendOutcome Failed(OutgoingMessage message, AwsServiceException error) =>
        new(message) { ErrorCode = error.ErrorCode, ErrorMessage = error.Message, Failure = error.FailureKind };
}
