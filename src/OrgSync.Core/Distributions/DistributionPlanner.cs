using System.Collections.Immutable;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Distributions;

/// <summary>SPEC §3.2: the merged <c>UpdateDistributionConfiguration</c>, or nothing to write.</summary>
/// <remarks>
/// Update replaces the description and the whole distributions list, so the request is the
/// configuration as read with only the owned lists changed: every other member (and every
/// distribution not touched) is the very object that was read, unknown members included.
/// </remarks>
public static class DistributionPlanner
{
    /// <summary>The API maximum of <c>launchPermission.userIds</c> and <c>targetAccountIds</c>.</summary>
    public const int MaxAccountIds = 1536;

    public static Plan<UpdateDistributionConfigurationRequest> Plan(
        DistributionConfiguration current, MembershipDelta delta, DistributionTarget target) =>
        Plan(current, delta, target, withheldFromTargetAccountIds: ImmutableHashSet<string>.Empty);

    /// <summary>
    /// The same plan with <paramref name="withheldFromTargetAccountIds"/> kept out of <c>targetAccountIds</c> only (SPEC §3.5:
    /// accounts without the cross-account role yet): they still gain launch permission.
    /// </summary>
    public static Plan<UpdateDistributionConfigurationRequest> Plan(
        DistributionConfiguration current, MembershipDelta delta, DistributionTarget target, IReadOnlySet<string> withheldFromTargetAccountIds)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(withheldFromTargetAccountIds);

        var copies = withheldFromTargetAccountIds.Count == 0 ? delta : delta.WithoutJoins(withheldFromTargetAccountIds);

        var read = current.Distributions ?? ImmutableArray<Distribution>.Empty;
        var changes = new Changes(target);
        var written = ImmutableArray.CreateBuilder<Distribution>(read.Length);
        var maintained = 0;
        for (var index = 0; index < read.Length; index++)
        {
            var distribution = read[index];
            if (distribution.AmiDistributionConfiguration is not { } ami || !InScope(distribution, target))
            {
                written.Add(distribution);
                continue;
            }

            maintained++;
            var where = $"distributions[{index}] (region {distribution.Region})";
            var merged = ami;
            if (target.Share.Contains(ShareKind.LaunchPermission))
            {
                merged = MergeLaunchPermission(merged, delta, where, changes);
            }

            if (target.Share.Contains(ShareKind.TargetAccountIds))
            {
                merged = MergeTargetAccountIds(merged, copies, where, changes);
            }

            if (changes.Failure is { } failure)
            {
                return new Plan<UpdateDistributionConfigurationRequest>.Failure(failure);
            }

            written.Add(ReferenceEquals(merged, ami) ? distribution : distribution with { AmiDistributionConfiguration = merged });
        }

        if (changes.Lists.Count == 0)
        {
            return new Plan<UpdateDistributionConfigurationRequest>.NoChange(NothingToWrite(target, maintained, changes));
        }

        var request = new UpdateDistributionConfigurationRequest
        {
            DistributionConfigurationArn = target.Arn,
            Description = current.Description,
            Distributions = written.MoveToImmutable(),
            ClientToken = string.Empty,
        };
        request = request with { ClientToken = DistributionClientToken.Compute(current, request) };
        return new Plan<UpdateDistributionConfigurationRequest>.Write(request, changes.ToDiff());
    }

    private static AmiDistributionConfiguration MergeLaunchPermission(
        AmiDistributionConfiguration ami, MembershipDelta delta, string where, Changes changes)
    {
        var permission = ami.LaunchPermission;
        if (SharedWithOrganization(permission))
        {
            changes.Notes.Add($"{where}: organization share covers members; launchPermission.userIds left alone");
            return ami;
        }

        var merge = AccountListMerge.Apply(permission?.UserIds, delta);
        if (!changes.Record($"{where} launchPermission.userIds", merge))
        {
            return ami;
        }

        var merged = (permission ?? new LaunchPermissionConfiguration()) with { UserIds = NullIfEmpty(merge.Accounts) };
        return ami with { LaunchPermission = IsEmpty(merged) ? null : merged };
    }

    private static AmiDistributionConfiguration MergeTargetAccountIds(
        AmiDistributionConfiguration ami, MembershipDelta delta, string where, Changes changes)
    {
        var merge = AccountListMerge.Apply(ami.TargetAccountIds, delta);
        return changes.Record($"{where} targetAccountIds", merge)
            ? ami with { TargetAccountIds = NullIfEmpty(merge.Accounts) }
            : ami;
    }

    /// <summary>Whether the target maintains <paramref name="distribution"/>'s lists: an AMI distribution in one of the target's Regions.</summary>
    internal static bool Maintains(Distribution distribution, DistributionTarget target) =>
        distribution.AmiDistributionConfiguration is not null && InScope(distribution, target);

    /// <summary>Whether the organization share already covers members, so <c>userIds</c> is left alone.</summary>
    internal static bool SharedWithOrganization(LaunchPermissionConfiguration? permission) => permission?.OrganizationArns is { IsDefaultOrEmpty: false };

    private static bool InScope(Distribution distribution, DistributionTarget target) =>
        target.Regions is not { } regions || regions.Contains(distribution.Region ?? string.Empty, StringComparer.Ordinal);

    /// <summary>An empty list is not valid on the wire (1–1536 items): the member is omitted instead.</summary>
    private static ImmutableArray<string>? NullIfEmpty(ImmutableArray<string> accounts) =>
        accounts.IsEmpty ? null : accounts;

    private static bool IsEmpty(LaunchPermissionConfiguration permission) =>
        permission.UserIds is not { IsDefaultOrEmpty: false }
        && permission.UserGroups is not { IsDefaultOrEmpty: false }
        && permission.OrganizationArns is not { IsDefaultOrEmpty: false }
        && permission.OrganizationalUnitArns is not { IsDefaultOrEmpty: false }
        && permission.ExtensionData is not { Count: > 0 };

    private static string NothingToWrite(DistributionTarget target, int maintained, Changes changes)
    {
        if (maintained == 0)
        {
            var scope = target.Regions is { } regions ? $" in {string.Join(", ", regions)}" : string.Empty;
            return $"distribution configuration {target.Arn} has no distribution with an AMI configuration{scope}";
        }

        var reason = $"distribution configuration {target.Arn} already shares with every joining account and none of the leaving ones";
        return changes.Notes.Count == 0 ? reason : $"{reason} ({string.Join("; ", changes.Notes)})";
    }

    /// <summary>What the lists of one configuration gain and lose, collected for the diff.</summary>
    private sealed class Changes(DistributionTarget target)
    {
        private readonly SortedSet<string> _added = new(StringComparer.Ordinal);
        private readonly SortedSet<string> _removed = new(StringComparer.Ordinal);

        public List<ListDiff> Lists { get; } = [];

        public List<string> Notes { get; } = [];

        public string? Failure { get; private set; }

        /// <summary>Records a changed list; false when it did not change. A list over the API maximum becomes the failure.</summary>
        public bool Record(string list, AccountListMerge merge)
        {
            if (!merge.Changed)
            {
                return false;
            }

            if (merge.Accounts.Length > MaxAccountIds)
            {
                Failure ??= $"distribution configuration {target.Arn}: {list} would hold {merge.Accounts.Length} account ids, "
                    + $"over the API maximum of {MaxAccountIds}, so it is not written; share with the organization instead "
                    + "(launchPermission.organizationArns or organizationalUnitArns)";
            }

            Lists.Add(new ListDiff(list, merge.Added, merge.Removed));
            _added.UnionWith(merge.Added);
            _removed.UnionWith(merge.Removed);
            return true;
        }

        public PlanDiff ToDiff() => new([.. _added], [.. _removed], [.. Notes]) { Lists = [.. Lists] };
    }
}
