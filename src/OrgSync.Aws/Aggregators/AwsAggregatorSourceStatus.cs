using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Core.Reconcile;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Aggregators;

/// <summary>Config's <c>DescribeConfigurationAggregatorSourcesStatus</c> (every page, <c>FAILED</c> only), retried like every read.</summary>
public sealed class AwsAggregatorSourceStatus(Func<AwsClientFactory> clients, ApplierOptions options) : IAggregatorSourceStatus
{
    private static readonly ImmutableArray<string> FailedOnly = ["FAILED"];

    private readonly CallRetry _retry = new(options, options.LoggerFactory.CreateLogger<AwsAggregatorSourceStatus>());

    public async Task<ImmutableArray<FailedSource>> FailedSourcesAsync(AggregatorTarget target, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var statuses = await _retry.RunAsync(
            target.Key + " sources",
            ct => clients().Config(target.Region).DescribeAllConfigurationAggregatorSourcesStatusAsync(target.Name, FailedOnly, pageSize: null, ct),
            deadline,
            cancellationToken).ConfigureAwait(false);
        return
        [
            .. statuses
                .Where(status => status.LastUpdateStatus == "FAILED")
                .Select(status => new FailedSource(status.SourceId ?? "?", status.SourceType ?? "ACCOUNT", status.AwsRegion ?? target.Region, status.LastErrorCode, status.LastErrorMessage)),
        ];
    }
}
