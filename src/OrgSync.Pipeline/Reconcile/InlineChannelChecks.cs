using System.Collections.Concurrent;
using System.Collections.Immutable;
using OrgSync.Core.Reconcile;
using OrgSync.Pipeline.Batches;

namespace OrgSync.Pipeline.Reconcile;

/// <summary>
/// <c>orgsync reconcile</c>'s channel checks: no queue between the pass and the pipeline, so the requests go straight
/// through <see cref="BatchProcessor"/> in batches of ten, exactly as the SQS function would take them.
/// </summary>
public sealed class InlineChannelChecks(BatchProcessor processor, TimeProvider time, TimeSpan batchTimeout) : IChannelChecks
{
    private const int BatchSize = 10;

    private readonly ConcurrentQueue<BatchOutcome> _batches = new();

    /// <summary>What each batch of checks came to.</summary>
    public ImmutableArray<BatchOutcome> Batches => [.. _batches];

    public async Task<int> SendAsync(IReadOnlyList<string> requests, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        for (var start = 0; start < requests.Count; start += BatchSize)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return start; // the rest are the next pass's
            }

            var messages = requests.Skip(start).Take(BatchSize).Select((body, index) => new InboundMessage($"channel-check-{start + index}", body)).ToList();
            var context = new BatchContext($"reconcile-channels-{start / BatchSize}", time.GetUtcNow() + batchTimeout);
            _batches.Enqueue(await processor.ProcessAsync(messages, context, cancellationToken).ConfigureAwait(false));
        }

        return requests.Count;
    }
}
