using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OrgSync.Pipeline.Lambda;

/// <summary>
/// The partial batch response (<c>ReportBatchItemFailures</c>): the messages named here return to the
/// queue; every other message of the batch is deleted. An empty list means the whole batch succeeded.
/// </summary>
public sealed record SqsBatchResponse
{
    public SqsBatchResponse(IEnumerable<BatchItemFailure> failures)
    {
        BatchItemFailures = failures.ToImmutableArray();
    }

    public SqsBatchResponse()
    {
    }

    public static SqsBatchResponse AllSucceeded { get; } = new();

    [JsonPropertyName("batchItemFailures")]
    public ImmutableArray<BatchItemFailure> BatchItemFailures { get; init; } = ImmutableArray<BatchItemFailure>.Empty;

    /// <summary>Every message of <paramref name="batch"/> failed (each one is redelivered).</summary>
    public static SqsBatchResponse AllFailed(SqsEvent batch) =>
        new(batch.Records.Select(record => new BatchItemFailure(record.MessageId)));
}

/// <param name="ItemIdentifier">The failed message's <see cref="SqsMessage.MessageId"/>.</param>
public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
