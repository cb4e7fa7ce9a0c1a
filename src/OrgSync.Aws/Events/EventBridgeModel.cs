using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrgSync.Aws.Sdk;

namespace OrgSync.Aws.Events;

// Amazon EventBridge PutEvents and DescribeEventBus (awsJson1_1, names as in events.service-2.json).

/// <summary>
/// <c>PutEvents</c> input: 1–10 entries. The model's <c>EndpointId</c> (global endpoints, signed with
/// SigV4a) is not supported: events go to the regional endpoint.
/// </summary>
public sealed record PutEventsRequest
{
    [JsonPropertyName("Entries")] public required ImmutableArray<PutEventsRequestEntry> Entries { get; init; }
}

public sealed record PutEventsRequestEntry
{
    /// <summary>The event's time (epoch seconds on the wire); absent: the time of the call.</summary>
    [JsonPropertyName("Time")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? Time { get; init; }
    [JsonPropertyName("Source")] public string? Source { get; init; }
    [JsonPropertyName("Resources")] public ImmutableArray<string>? Resources { get; init; }
    [JsonPropertyName("DetailType")] public string? DetailType { get; init; }

    /// <summary>A JSON object, as text.</summary>
    [JsonPropertyName("Detail")] public string? Detail { get; init; }

    /// <summary>The bus name or ARN; absent: the account's default bus.</summary>
    [JsonPropertyName("EventBusName")] public string? EventBusName { get; init; }
    [JsonPropertyName("TraceHeader")] public string? TraceHeader { get; init; }
}

public sealed record PutEventsResponse
{
    [JsonPropertyName("FailedEntryCount")] public int? FailedEntryCount { get; init; }

    /// <summary>One result per request entry, in the request's order.</summary>
    [JsonPropertyName("Entries")] public ImmutableArray<PutEventsResultEntry>? Entries { get; init; }
}

/// <summary>The outcome of one entry: an <c>EventId</c>, or an <c>ErrorCode</c> and <c>ErrorMessage</c>.</summary>
public sealed record PutEventsResultEntry
{
    [JsonPropertyName("EventId")] public string? EventId { get; init; }
    [JsonPropertyName("ErrorCode")] public string? ErrorCode { get; init; }
    [JsonPropertyName("ErrorMessage")] public string? ErrorMessage { get; init; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary><c>DescribeEventBus</c> input: the bus name or ARN; absent: the account's default bus.</summary>
public sealed record DescribeEventBusRequest
{
    [JsonPropertyName("Name")] public string? Name { get; init; }
}

/// <summary><c>DescribeEventBus</c> output. OrgSync reads only that the bus exists; the rest is kept for completeness.</summary>
public sealed record DescribeEventBusResponse
{
    [JsonPropertyName("Name")] public string? Name { get; init; }
    [JsonPropertyName("Arn")] public string? Arn { get; init; }
    [JsonPropertyName("Description")] public string? Description { get; init; }
    [JsonPropertyName("KmsKeyIdentifier")] public string? KmsKeyIdentifier { get; init; }

    /// <summary>The bus's <c>DeadLetterConfig</c> structure, as sent.</summary>
    [JsonPropertyName("DeadLetterConfig")] public JsonElement? DeadLetterConfig { get; init; }
    [JsonPropertyName("Policy")] public string? Policy { get; init; }

    /// <summary>The bus's <c>LogConfig</c> structure, as sent.</summary>
    [JsonPropertyName("LogConfig")] public JsonElement? LogConfig { get; init; }
    [JsonPropertyName("CreationTime")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? CreationTime { get; init; }
    [JsonPropertyName("LastModifiedTime")] [JsonConverter(typeof(EpochSecondsConverter))] public DateTimeOffset? LastModifiedTime { get; init; }
}
