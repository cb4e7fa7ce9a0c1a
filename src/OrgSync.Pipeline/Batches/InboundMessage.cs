namespace OrgSync.Pipeline.Batches;

/// <summary>One message to process: an SQS record, or an EventBridge event as a batch of one.</summary>
/// <param name="MessageId">What a failure names (the SQS message id; the request id for EventBridge).</param>
/// <param name="Body">The EventBridge envelope, verbatim.</param>
public sealed record InboundMessage(string MessageId, string Body)
{
    /// <summary>Deliveries so far, this one included (SQS <c>ApproximateReceiveCount</c>); null when unknown.</summary>
    public int? ReceiveCount { get; init; }
}

/// <summary>The invocation a batch runs in.</summary>
/// <param name="InvocationId">Unique per invocation (the Lambda request id); makes lease owners unique.</param>
/// <param name="Deadline">When the invocation is cut off (Lambda's deadline).</param>
public sealed record BatchContext(string InvocationId, DateTimeOffset Deadline);
