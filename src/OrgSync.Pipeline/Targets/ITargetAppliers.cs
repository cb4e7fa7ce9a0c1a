using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Applying;
using OrgSync.Aws.Clients;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Pipeline.Targets;

/// <summary>
/// Brings one target in line with a delta (read → plan → write when needed), never throwing for an AWS
/// failure: the port between the pipeline and the AWS appliers, so tests can script the outcome.
/// </summary>
public interface ITargetAppliers
{
    Task<ApplyResult> ApplyAsync(
        AggregatorTarget target, MembershipDelta delta, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken);

    Task<ApplyResult> ApplyAsync(
        DistributionTarget target, MembershipDelta delta, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken);

    /// <summary>One joining account's channel in one Region.</summary>
    Task<ApplyResult> ApplyAsync(
        DeliveryChannelTarget target, string accountId, string region, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken);
}

/// <summary>
/// The AWS appliers over one <see cref="AwsClientFactory"/>, created on first use so that a batch that
/// writes nothing (all ignored, all stale) never builds a client.
/// </summary>
public sealed class AwsTargetAppliers : ITargetAppliers
{
    private readonly Lazy<AggregatorApplier> _aggregators;
    private readonly Lazy<DistributionApplier> _distributions;
    private readonly Lazy<DeliveryChannelApplier> _channels;

    public AwsTargetAppliers(Func<AwsClientFactory> clients, ApplierOptions options)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var factory = new Lazy<AwsClientFactory>(clients);
        _aggregators = new(() => new AggregatorApplier(factory.Value, options));
        _distributions = new(() => new DistributionApplier(factory.Value, options));
        _channels = new(() => new DeliveryChannelApplier(factory.Value, options));
    }

    public AwsTargetAppliers(AwsClientFactory clients, ApplierOptions options)
        : this(() => clients, options)
    {
    }

    public Task<ApplyResult> ApplyAsync(
        AggregatorTarget target, MembershipDelta delta, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken) =>
        _aggregators.Value.ApplyAsync(target, delta, deadline, fence, cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        DistributionTarget target, MembershipDelta delta, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken) =>
        _distributions.Value.ApplyAsync(target, delta, deadline, fence, cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        DeliveryChannelTarget target, string accountId, string region, DateTimeOffset deadline, WriteFence fence, CancellationToken cancellationToken) =>
        _channels.Value.ApplyAsync(target, accountId, region, deadline, fence, cancellationToken);
}
