using System.Collections.Immutable;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Aggregators;

/// <summary>SPEC §3.1: the merged <c>PutConfigurationAggregator</c>, or nothing to write.</summary>
public static class AggregatorPlanner
{
    private const string AccountIdsList = "AccountAggregationSources[0].AccountIds";

    /// <param name="current">The aggregator as read; null when it does not exist.</param>
    public static Plan<PutConfigurationAggregatorRequest> Plan(
        ConfigurationAggregator? current, MembershipDelta delta, AggregatorTarget target)
    {
        ArgumentNullException.ThrowIfNull(delta);
        ArgumentNullException.ThrowIfNull(target);

        return current is null ? PlanCreate(delta, target) : PlanUpdate(current, delta, target);
    }

    private static Plan<PutConfigurationAggregatorRequest> PlanCreate(MembershipDelta delta, AggregatorTarget target)
    {
        if (!target.CreateIfMissing)
        {
            return new Plan<PutConfigurationAggregatorRequest>.Failure(
                $"configuration aggregator '{target.Name}' does not exist in {target.Region} and createIfMissing is false");
        }

        var merge = AccountListMerge.Apply(null, delta);
        if (merge.Accounts.IsEmpty)
        {
            return new Plan<PutConfigurationAggregatorRequest>.NoChange(
                $"configuration aggregator '{target.Name}' does not exist in {target.Region}; no joining account to create it with");
        }

        var request = new PutConfigurationAggregatorRequest
        {
            ConfigurationAggregatorName = target.Name,
            AccountAggregationSources = [NewSource(target) with { AccountIds = merge.Accounts }],
        };
        return Write(request, merge, $"created in {target.Region} ({Regions(request.AccountAggregationSources.Value[0])})");
    }

    private static Plan<PutConfigurationAggregatorRequest> PlanUpdate(
        ConfigurationAggregator current, MembershipDelta delta, AggregatorTarget target)
    {
        var name = current.ConfigurationAggregatorName ?? target.Name;
        if (current.OrganizationAggregationSource is not null)
        {
            return new Plan<PutConfigurationAggregatorRequest>.NoChange(
                $"configuration aggregator '{name}' in {target.Region} has an organization source, which already covers members");
        }

        var sources = current.AccountAggregationSources ?? ImmutableArray<AccountAggregationSource>.Empty;
        if (sources.Length > 1)
        {
            return new Plan<PutConfigurationAggregatorRequest>.Failure(
                $"configuration aggregator '{name}' in {target.Region} has {sources.Length} account aggregation sources; the API allows one, so OrgSync cannot tell which to maintain");
        }

        var notes = ImmutableArray.CreateBuilder<string>();

        // No source at all cannot be read from AWS (one of the two is required); should it happen,
        // the account source is added with the target's regions, as on creation.
        AccountAggregationSource source;
        if (sources.IsEmpty)
        {
            source = NewSource(target);
            notes.Add($"account aggregation source added ({Regions(source)})");
        }
        else
        {
            source = sources[0];
        }

        var merge = AccountListMerge.Apply(source.AccountIds, delta);
        if (!merge.Changed)
        {
            return new Plan<PutConfigurationAggregatorRequest>.NoChange(
                $"configuration aggregator '{name}' in {target.Region} already holds every joining account and none of the leaving ones");
        }

        if (merge.Accounts.IsEmpty)
        {
            return new Plan<PutConfigurationAggregatorRequest>.NoChange(
                $"configuration aggregator '{name}' in {target.Region} would be left with no accounts ({string.Join(", ", merge.Removed)} left); "
                + "the API requires at least one, so it stays as it is",
                IsWarning: true);
        }

        // Everything the planner does not own is carried over as read (regions, unknown members of
        // the source, filters). Tags are not readable here and an update must not reset them: never sent.
        var request = new PutConfigurationAggregatorRequest
        {
            ConfigurationAggregatorName = name,
            AccountAggregationSources = [source with { AccountIds = merge.Accounts }],
            AggregatorFilters = current.AggregatorFilters,
        };
        return Write(request, merge, notes.ToArray());
    }

    private static AccountAggregationSource NewSource(AggregatorTarget target) =>
        !target.AllAwsRegions && target.AwsRegions is { IsDefaultOrEmpty: false } regions
            ? new AccountAggregationSource { AwsRegions = regions }
            : new AccountAggregationSource { AllAwsRegions = true };

    private static string Regions(AccountAggregationSource source) =>
        source.AwsRegions is { IsDefaultOrEmpty: false } regions ? string.Join(", ", regions) : "all regions";

    private static Plan<PutConfigurationAggregatorRequest>.Write Write(
        PutConfigurationAggregatorRequest request, AccountListMerge merge, params string[] notes) =>
        new(request, new PlanDiff(merge.Added, merge.Removed, [.. notes])
        {
            Lists = [new ListDiff(AccountIdsList, merge.Added, merge.Removed)],
        });
}
