namespace OrgSync.Aws.Queues;

/// <summary>A message to enqueue. FIFO queues need <see cref="MessageGroupId"/> (and a deduplication id unless content-based deduplication is on).</summary>
public sealed record OutgoingMessage(string Body)
{
    public string? MessageGroupId { get; init; }

    public string? MessageDeduplicationId { get; init; }

    /// <summary>What the message counts against SQS's size limits: its body in UTF-8.</summary>
    public int Size => System.Text.Encoding.UTF8.GetByteCount(Body);
}
