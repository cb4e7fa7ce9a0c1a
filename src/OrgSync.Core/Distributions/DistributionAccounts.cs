using System.Collections.Immutable;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Distributions;

/// <summary>The account lists a distribution target maintains (SPEC §3.2), as read: what a reconcile pass compares with the organization.</summary>
public static class DistributionAccounts
{
    /// <summary>
    /// One set per maintained list — <c>launchPermission.userIds</c> (unless an organization share covers members) and
    /// <c>targetAccountIds</c>, per AMI distribution in the target's Regions; empty when the target maintains none.
    /// </summary>
    public static ImmutableArray<ImmutableSortedSet<string>> ListsOf(DistributionConfiguration? configuration, DistributionTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var lists = ImmutableArray.CreateBuilder<ImmutableSortedSet<string>>();
        foreach (var distribution in configuration?.Distributions ?? [])
        {
            if (!DistributionPlanner.Maintains(distribution, target))
            {
                continue;
            }

            var ami = distribution.AmiDistributionConfiguration!;
            if (target.Share.Contains(ShareKind.LaunchPermission) && !DistributionPlanner.SharedWithOrganization(ami.LaunchPermission))
            {
                lists.Add(Set(ami.LaunchPermission?.UserIds));
            }

            if (target.Share.Contains(ShareKind.TargetAccountIds))
            {
                lists.Add(Set(ami.TargetAccountIds));
            }
        }

        return lists.ToImmutable();
    }

    private static ImmutableSortedSet<string> Set(ImmutableArray<string>? accounts) =>
        (accounts ?? []).ToImmutableSortedSet(StringComparer.Ordinal);
}
