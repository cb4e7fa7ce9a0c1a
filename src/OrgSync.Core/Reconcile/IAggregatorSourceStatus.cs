using System.Collections.Immutable;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Reconcile;

/// <summary>Config's view of an aggregator's sources (<c>DescribeConfigurationAggregatorSourcesStatus</c>): which ones fail to collect.</summary>
public interface IAggregatorSourceStatus
{
    /// <exception cref="Exception">The status could not be read; a pass reports that and goes on.</exception>
    Task<ImmutableArray<FailedSource>> FailedSourcesAsync(AggregatorTarget target, DateTimeOffset deadline, CancellationToken cancellationToken);
}
