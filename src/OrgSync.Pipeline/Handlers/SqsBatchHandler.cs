using OrgSync.Pipeline.Batches;
using OrgSync.Pipeline.Lambda;

namespace OrgSync.Pipeline.Handlers;

/// <summary>The partial batch response Lambda returns, and the richer outcome behind it (reasons per message).</summary>
public sealed record SqsBatchResult(SqsBatchResponse Response, BatchOutcome Outcome);

/// <summary>
/// The <c>sqs</c> function: one SQS batch through the <see cref="BatchProcessor"/>; the response names
/// exactly the invalid messages and those that contributed a change to a failed target.
/// </summary>
public sealed class SqsBatchHandler(BatchProcessor processor) : ISqsBatchHandler
{
    public async Task<SqsBatchResponse> HandleAsync(SqsEvent batch, LambdaInvocation invocation, CancellationToken cancellationToken) =>
        (await ProcessAsync(batch, invocation, cancellationToken).ConfigureAwait(false)).Response;

    public async Task<SqsBatchResult> ProcessAsync(SqsEvent batch, LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(invocation);

        var messages = batch.Records
            .Select(record => new InboundMessage(record.MessageId, record.Body) { ReceiveCount = record.Attributes?.ReceiveCount })
            .ToList();
        var outcome = await processor.ProcessAsync(messages, new BatchContext(invocation.RequestId, invocation.Deadline), cancellationToken).ConfigureAwait(false);
        return new SqsBatchResult(outcome.ToSqsBatchResponse(), outcome);
    }
}
