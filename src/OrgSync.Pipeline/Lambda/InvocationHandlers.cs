namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// One Lambda function's code: the payload bytes of an invocation in, the response bytes out. Throwing
/// makes the invocation fail (Lambda reports an invocation error; SQS and EventBridge retry).
/// </summary>
public interface IInvocationHandler
{
    Task<ReadOnlyMemory<byte>> HandleAsync(ReadOnlyMemory<byte> payload, LambdaInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>sqs</c> function: one batch in, the partial batch response out. Must not throw for a bad
/// message (it becomes a batch item failure); throwing fails and retries the whole batch.
/// </summary>
public interface ISqsBatchHandler
{
    Task<SqsBatchResponse> HandleAsync(SqsEvent batch, LambdaInvocation invocation, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>eventbridge</c> function: one EventBridge event (the envelope, verbatim). Returns normally
/// when the event was applied or ignored; throws when a target failed, so that EventBridge retries the
/// event and finally dead-letters it.
/// </summary>
public interface IEventBridgeHandler
{
    Task HandleAsync(string eventJson, LambdaInvocation invocation, CancellationToken cancellationToken);
}
