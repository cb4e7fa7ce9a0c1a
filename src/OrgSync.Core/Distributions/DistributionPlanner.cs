using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Distributions;

/// <summary>SPEC §3.2: the merged <c>UpdateDistributionConfiguration</c>, or nothing to write.</summary>
public static class DistributionPlanner
{
    /// <summary>The API maximum of <c>launchPermission.userIds</c> and <c>targetAccountIds</c>.</summary>
    public const int MaxAccountIds = 1536;

    public static Plan<UpdateDistributionConfigurationRequest> Plan(
        DistributionConfiguration current, MembershipDelta delta, DistributionTarget target) =>
        throw new NotImplementedException("issue 2: distribution planner");
}
