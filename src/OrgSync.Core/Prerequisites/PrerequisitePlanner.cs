using System.Collections.Immutable;
using OrgSync.Core.Aggregators;
using OrgSync.Core.Distributions;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Prerequisites;

/// <summary>
/// SPEC §3.5: the member-account steps a planned write needs, planned from the write itself: only accounts the
/// write adds need an enabling step, only accounts it removes a cleanup. Pure; the shell runs the steps and, when
/// some block an account, plans the write again without it (<see cref="Membership.MembershipDelta.WithoutJoins"/>,
/// <see cref="DistributionPlanner.Plan(DistributionConfiguration, Membership.MembershipDelta, DistributionTarget, IReadOnlySet{string})"/>).
/// </summary>
public static class PrerequisitePlanner
{
    /// <summary>
    /// An account-sourced aggregator with <c>authorizeSources</c>: each account the write adds authorizes the aggregator
    /// (its account and Region) in every source Region, before it is added; each account it removes withdraws that
    /// authorization afterwards. Source Regions: the aggregator's <c>AwsRegions</c>; with <c>AllAwsRegions</c>, the
    /// target's <c>authorizationRegions</c>, or when none are configured the aggregator's own Region, with a warning.
    /// </summary>
    /// <param name="request">The planned write (its source carries the Regions, as read or as created).</param>
    /// <param name="diff">The planned write's diff: the accounts it adds and removes.</param>
    /// <param name="aggregatorAccountId">The aggregator's account (the home account); null when unknown.</param>
    /// <param name="withdrawOnRemoval">False when another aggregator of the same Region may rely on the same authorizations (<see cref="Applying.TargetWork.Aggregator.WithdrawAuthorizations"/>).</param>
    public static PrerequisitePlan ForAggregator(
        AggregatorTarget target, PutConfigurationAggregatorRequest request, PlanDiff diff, string? aggregatorAccountId, bool withdrawOnRemoval = true)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(diff);

        if (!target.AuthorizeSources
            || request.OrganizationAggregationSource is not null
            || request.AccountAggregationSources is not [var source]
            || (diff.Added.IsEmpty && diff.Removed.IsEmpty))
        {
            return PrerequisitePlan.None;
        }

        if (aggregatorAccountId is null)
        {
            return new PrerequisitePlan([], [$"configuration aggregator '{target.Name}' in {target.Region}: its account is not known (homeAccountId is not set), so no source authorization can be put; set homeAccountId"]);
        }

        var (regions, warning) = SourceRegions(target, source);
        var steps = ImmutableArray.CreateBuilder<PrerequisiteStep>();
        foreach (var account in diff.Added)
        {
            steps.AddRange(regions.Select(region => PrerequisiteStep.Authorize(account, region, aggregatorAccountId, target.Region)));
        }

        foreach (var account in withdrawOnRemoval ? diff.Removed : [])
        {
            steps.AddRange(regions.Select(region => PrerequisiteStep.Deauthorize(account, region, aggregatorAccountId, target.Region)));
        }

        return new PrerequisitePlan(steps.ToImmutable(), warning is null ? [] : [warning]);
    }

    /// <summary>
    /// A distribution with <c>requireCrossAccountRole</c>: each account the write adds to some <c>targetAccountIds</c>
    /// must have <see cref="AwsNames.ImageBuilderCrossAccountRoleName"/>. Launch permission needs nothing.
    /// </summary>
    /// <param name="current">The configuration as read.</param>
    /// <param name="request">The planned write: its distributions are the ones read, in the same order.</param>
    public static PrerequisitePlan ForDistribution(DistributionTarget target, DistributionConfiguration current, UpdateDistributionConfigurationRequest request)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(request);

        if (!target.RequireCrossAccountRole)
        {
            return PrerequisitePlan.None;
        }

        var read = current.Distributions ?? [];
        var written = request.Distributions;
        var added = new SortedSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < written.Length; index++)
        {
            var before = index < read.Length ? read[index].AmiDistributionConfiguration?.TargetAccountIds ?? [] : [];
            var after = written[index].AmiDistributionConfiguration?.TargetAccountIds ?? [];
            added.UnionWith(after.Except(before, StringComparer.Ordinal));
        }

        return new PrerequisitePlan(
            [.. added.Select(account => PrerequisiteStep.RequireRole(account, AwsNames.ImageBuilderCrossAccountRoleName, PrerequisiteStep.TargetAccountIds))],
            []);
    }

    private static (ImmutableArray<string> Regions, string? Warning) SourceRegions(AggregatorTarget target, AccountAggregationSource source)
    {
        if (source.AllAwsRegions != true && source.AwsRegions is { IsDefaultOrEmpty: false } listed)
        {
            return ([.. listed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], null);
        }

        if (target.AuthorizationRegions is { IsDefaultOrEmpty: false } configured)
        {
            return ([.. configured.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], null);
        }

        return (
            [target.Region],
            $"configuration aggregator '{target.Name}' collects from all AWS Regions, but authorizationRegions is not configured: "
            + $"sources are authorized in {target.Region} only; list the source Regions to authorize in authorizationRegions");
    }
}
