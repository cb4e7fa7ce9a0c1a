using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Aggregators;

/// <summary>SPEC §3.1: the merged <c>PutConfigurationAggregator</c>, or nothing to write.</summary>
public static class AggregatorPlanner
{
    /// <param name="current">The aggregator as read; null when it does not exist.</param>
    public static Plan<PutConfigurationAggregatorRequest> Plan(
        ConfigurationAggregator? current, MembershipDelta delta, AggregatorTarget target) =>
        throw new NotImplementedException("issue 2: aggregator planner");
}
