using System.Collections.Immutable;

namespace OrgSync.Core.Aggregators;

/// <summary>The account list an aggregator target maintains (SPEC §3.1), as read: what a reconcile pass compares with the organization.</summary>
public static class AggregatorAccounts
{
    /// <summary>
    /// The one account source's <c>AccountIds</c>; no list for an organization source (it covers members by itself),
    /// and an empty list for an aggregator that does not exist yet (every member is missing).
    /// </summary>
    public static ImmutableArray<ImmutableSortedSet<string>> ListsOf(ConfigurationAggregator? aggregator)
    {
        if (aggregator?.OrganizationAggregationSource is not null)
        {
            return [];
        }

        var sources = aggregator?.AccountAggregationSources ?? [];
        return sources.Length > 1
            ? [] // several account sources: the planner refuses to maintain them, and so does reconcile
            : [(sources.IsEmpty ? [] : sources[0].AccountIds).ToImmutableSortedSet(StringComparer.Ordinal)];
    }
}
