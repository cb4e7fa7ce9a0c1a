using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Json;
using OrgSync.Core.Membership;
using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Tests.Applying;

/// <summary>
/// Minimal stand-ins for Core's planners, just faithful enough to exercise the appliers' loop
/// (merge joins/leaves, nothing to do when equal, a token derived from the request content).
/// </summary>
internal static class TestPlanners
{
    public static Plan<PutConfigurationAggregatorRequest> Aggregator(ConfigurationAggregator? current, MembershipDelta delta, AggregatorTarget target)
    {
        if (current is null)
        {
            return new Plan<PutConfigurationAggregatorRequest>.Failure($"aggregator {target.Name} does not exist in {target.Region}");
        }

        var before = current.AccountAggregationSources?.SingleOrDefault()?.AccountIds ?? [];
        var after = Merge(before, delta);
        return after.SequenceEqual(before)
            ? new Plan<PutConfigurationAggregatorRequest>.NoChange("accounts already as wanted")
            : new Plan<PutConfigurationAggregatorRequest>.Write(
                new PutConfigurationAggregatorRequest
                {
                    ConfigurationAggregatorName = target.Name,
                    AccountAggregationSources = [new AccountAggregationSource { AccountIds = after, AllAwsRegions = true }],
                },
                Diff(before, after));
    }

    public static Plan<UpdateDistributionConfigurationRequest> Distribution(DistributionConfiguration current, MembershipDelta delta, DistributionTarget target)
    {
        var changed = false;
        var distributions = current.Distributions!.Value.Select(d =>
        {
            var before = d.AmiDistributionConfiguration?.LaunchPermission?.UserIds ?? [];
            var after = Merge(before, delta);
            changed |= !after.SequenceEqual(before);
            return d with { AmiDistributionConfiguration = (d.AmiDistributionConfiguration ?? new()) with { LaunchPermission = new LaunchPermissionConfiguration { UserIds = after } } };
        }).ToImmutableArray();
        if (!changed)
        {
            return new Plan<UpdateDistributionConfigurationRequest>.NoChange("launch permissions already as wanted");
        }

        var request = new UpdateDistributionConfigurationRequest
        {
            DistributionConfigurationArn = target.Arn,
            Description = current.Description,
            Distributions = distributions,
            ClientToken = string.Empty,
        };
        var content = JsonSerializer.SerializeToUtf8Bytes(request, CoreJsonContext.Default.UpdateDistributionConfigurationRequest);
        var token = Convert.ToHexStringLower(SHA256.HashData(content))[..32];
        return new Plan<UpdateDistributionConfigurationRequest>.Write(request with { ClientToken = token }, PlanDiff.Empty);
    }

    public static Plan<PutDeliveryChannelRequest> Channel(DeliveryChannel? current, ChannelSettings settings) =>
        current is not null && current.S3BucketName == settings.S3BucketName
            ? new Plan<PutDeliveryChannelRequest>.NoChange("channel already as configured")
            : new Plan<PutDeliveryChannelRequest>.Write(
                new PutDeliveryChannelRequest { DeliveryChannel = new DeliveryChannel { Name = current?.Name ?? settings.Name, S3BucketName = settings.S3BucketName } },
                PlanDiff.Empty);

    public static MembershipDelta Joins(params string[] accounts) =>
        new(ImmutableSortedSet.Create(StringComparer.Ordinal, accounts), ImmutableSortedSet.Create<string>(StringComparer.Ordinal));

    private static ImmutableArray<string> Merge(ImmutableArray<string> current, MembershipDelta delta) =>
        [.. current.Union(delta.Joins).Except(delta.Leaves).Distinct().Order(StringComparer.Ordinal)];

    private static PlanDiff Diff(ImmutableArray<string> before, ImmutableArray<string> after) =>
        new([.. after.Except(before)], [.. before.Except(after)], []);
}
