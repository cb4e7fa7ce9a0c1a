using OrgSync.Aws.Clients;
using OrgSync.Core.Reconcile;

namespace OrgSync.Aws.Queues;

/// <summary>The reconcile pass's channel checks sent to the OrgSync queue (<c>ORGSYNC_QUEUE_URL</c>) in batches of ten.</summary>
public sealed class SqsChannelChecks(Func<AwsClientFactory> clients, string queueUrl, string region) : IChannelChecks
{
    public async Task<int> SendAsync(IReadOnlyList<string> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var result = await clients().Sqs(region).SendAsync(queueUrl, [.. requests.Select(body => new OutgoingMessage(body))], cancellationToken).ConfigureAwait(false);
        if (!result.AllSucceeded)
        {
            var failed = result.Failed.ToList();
            throw new InvalidOperationException($"{failed.Count} of {requests.Count} channel checks were not accepted by {queueUrl}: {failed[0].ErrorCode}");
        }

        return requests.Count;
    }
}
