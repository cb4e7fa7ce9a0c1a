using OrgSync.Aws.Clients;
using OrgSync.Aws.Errors;
using OrgSync.Core.Aggregators;
using OrgSync.Core.DeliveryChannels;
using OrgSync.Core.Distributions;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.State;

/// <summary>
/// Reads the current state of a target, exactly as the appliers read it before planning: the
/// <c>plan</c> command uses it to show what would be written against live AWS or the emulator.
/// </summary>
public interface ITargetStateReader
{
    /// <summary>The aggregator in its Region in the home account; null when it does not exist.</summary>
    Task<ConfigurationAggregator?> ReadAggregatorAsync(AggregatorTarget target, CancellationToken cancellationToken);

    /// <summary>The distribution configuration in the Region of its ARN; null when it does not exist.</summary>
    Task<DistributionConfiguration?> ReadDistributionAsync(DistributionTarget target, CancellationToken cancellationToken);

    /// <summary>The member account's delivery channel in <paramref name="region"/> (through the member role); null when it has none.</summary>
    Task<DeliveryChannel?> ReadDeliveryChannelAsync(
        DeliveryChannelTarget target, string accountId, string region, CancellationToken cancellationToken);
}

/// <summary>The state reader over the OrgSync service clients. Failures are <see cref="AwsServiceException"/>.</summary>
public sealed class AwsTargetStateReader(AwsClientFactory clients) : ITargetStateReader
{
    public Task<ConfigurationAggregator?> ReadAggregatorAsync(AggregatorTarget target, CancellationToken cancellationToken) =>
        clients.Config(target.Region).FindConfigurationAggregatorAsync(target.Name, cancellationToken);

    public async Task<DistributionConfiguration?> ReadDistributionAsync(DistributionTarget target, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Imagebuilder(target.Region)
                .GetDistributionConfigurationAsync(target.Arn, cancellationToken).ConfigureAwait(false);
            return response.DistributionConfiguration;
        }
        catch (AwsServiceException e) when (e.ErrorCode == "ResourceNotFoundException")
        {
            return null;
        }
    }

    public async Task<DeliveryChannel?> ReadDeliveryChannelAsync(
        DeliveryChannelTarget target, string accountId, string region, CancellationToken cancellationToken)
    {
        var client = clients.Config(region, clients.AssumeRole(target.RoleArn(accountId, region)));
        var channels = await client.DescribeDeliveryChannelsAsync(new(), cancellationToken).ConfigureAwait(false);
        // Config allows one channel per account and Region; prefer the configured name if ever there were more.
        return channels.FirstOrDefault(c => c.Name == target.Channel.Name) ?? channels.FirstOrDefault();
    }
}
