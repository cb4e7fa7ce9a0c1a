using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// The event Lambda's SQS event source mapping delivers: a batch of messages. Member names as on the
/// wire (camelCase, except <c>Records</c> and the SQS attribute names).
/// </summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")]
    public ImmutableArray<SqsMessage> Records { get; init; } = ImmutableArray<SqsMessage>.Empty;
}

/// <summary>One SQS message of a batch. <see cref="Body"/> is the EventBridge envelope, verbatim.</summary>
public sealed record SqsMessage
{
    /// <summary>The batch item identifier: what a partial batch response names to fail this message.</summary>
    [JsonPropertyName("messageId")]
    public string MessageId { get; init; } = string.Empty;

    [JsonPropertyName("receiptHandle")]
    public string ReceiptHandle { get; init; } = string.Empty;

    [JsonPropertyName("body")]
    public string Body { get; init; } = string.Empty;

    [JsonPropertyName("attributes")]
    public SqsSystemAttributes Attributes { get; init; } = new();

    [JsonPropertyName("messageAttributes")]
    public ImmutableDictionary<string, SqsMessageAttribute> MessageAttributes { get; init; } =
        ImmutableDictionary<string, SqsMessageAttribute>.Empty;

    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; init; }

    [JsonPropertyName("md5OfMessageAttributes")]
    public string? Md5OfMessageAttributes { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }
}

/// <summary>
/// SQS system attributes. Lambda sends every value as a string (numbers and epoch milliseconds
/// included); the typed accessors parse them. Attributes this model does not name are kept.
/// </summary>
public sealed record SqsSystemAttributes
{
    [JsonPropertyName("ApproximateReceiveCount")]
    public string? ApproximateReceiveCount { get; init; }

    [JsonPropertyName("SentTimestamp")]
    public string? SentTimestamp { get; init; }

    [JsonPropertyName("SenderId")]
    public string? SenderId { get; init; }

    [JsonPropertyName("ApproximateFirstReceiveTimestamp")]
    public string? ApproximateFirstReceiveTimestamp { get; init; }

    /// <summary>FIFO queues only.</summary>
    [JsonPropertyName("MessageGroupId")]
    public string? MessageGroupId { get; init; }

    /// <summary>FIFO queues only.</summary>
    [JsonPropertyName("MessageDeduplicationId")]
    public string? MessageDeduplicationId { get; init; }

    /// <summary>FIFO queues only.</summary>
    [JsonPropertyName("SequenceNumber")]
    public string? SequenceNumber { get; init; }

    [JsonPropertyName("AWSTraceHeader")]
    public string? AwsTraceHeader { get; init; }

    [JsonPropertyName("DeadLetterQueueSourceArn")]
    public string? DeadLetterQueueSourceArn { get; init; }

    [JsonExtensionData]
    // Settable: System.Text.Json cannot fill extension data through an init accessor.
    public Dictionary<string, JsonElement>? Other { get; set; }

    /// <summary>How many times SQS has delivered this message, this delivery included; null when absent or malformed.</summary>
    [JsonIgnore]
    public int? ReceiveCount =>
        int.TryParse(ApproximateReceiveCount, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    [JsonIgnore]
    public DateTimeOffset? SentTime => FromEpochMilliseconds(SentTimestamp);

    [JsonIgnore]
    public DateTimeOffset? FirstReceiveTime => FromEpochMilliseconds(ApproximateFirstReceiveTimestamp);

    private static DateTimeOffset? FromEpochMilliseconds(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
        && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}

/// <summary>A custom message attribute (as Lambda delivers it: camelCase, binary values base64).</summary>
public sealed record SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")]
    public ImmutableArray<string>? StringListValues { get; init; }

    [JsonPropertyName("binaryListValues")]
    public ImmutableArray<string>? BinaryListValues { get; init; }

    [JsonPropertyName("dataType")]
    public string? DataType { get; init; }
}
