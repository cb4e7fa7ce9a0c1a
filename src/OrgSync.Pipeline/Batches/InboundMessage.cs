namespace OrgSync.Pipeline.Batches;

/// <summary>One message to process: an SQS record, or an EventBridge event as a batch of one.</summary>
/// <param name="MessageId">What a failure names (the SQS message id; the request id for EventBridge).</param>
/// <param name="Body">The EventBridge envelope, verbatim.</param>
public sealed record InboundMessage(string MessageId, string Body)
{
    /// <summary>
    /// Deliveries so far, this one included (SQS <c>ApproximateReceiveCount</c>; for the <c>eventbridge</c> function, Lambda's
    /// attempts of the event counted per request id); null when unknown.
    /// </summary>
    public int? ReceiveCount { get; init; }
}
