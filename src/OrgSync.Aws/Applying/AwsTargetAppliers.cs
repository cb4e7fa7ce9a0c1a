using OrgSync.Aws.Aggregators;
using OrgSync.Aws.Clients;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Aws.Distributions;
using OrgSync.Core.Applying;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Applying;

/// <summary>
/// The AWS appliers behind the pipeline's port, over one <see cref="AwsClientFactory"/> created on first use,
/// so that a batch that writes nothing (all ignored, all stale) never builds a client.
/// </summary>
public sealed class AwsTargetAppliers : ITargetAppliers
{
    private readonly Lazy<AggregatorApplier> _aggregators;
    private readonly Lazy<DistributionApplier> _distributions;
    private readonly Lazy<DeliveryChannelApplier> _channels;

    /// <param name="homeAccountId">The account the aggregators live in, when known: planned requests name it, source accounts authorize it.</param>
    /// <param name="prerequisiteRoleName">
    /// The role assumed in member accounts for the prerequisites of SPEC §3.5 (<see cref="TargetsFile.PrerequisiteRoleName"/>);
    /// null: <see cref="TargetsFile.DefaultMemberRoleName"/>.
    /// </param>
    public AwsTargetAppliers(Func<AwsClientFactory> clients, ApplierOptions options, string? homeAccountId = null, string? prerequisiteRoleName = null)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var factory = new Lazy<AwsClientFactory>(clients);
        var roleName = prerequisiteRoleName ?? TargetsFile.DefaultMemberRoleName;
        _aggregators = new(() => new AggregatorApplier(factory.Value, options, homeAccountId, roleName));
        _distributions = new(() => new DistributionApplier(factory.Value, options, roleName));
        _channels = new(() => new DeliveryChannelApplier(factory.Value, options));
    }

    public AwsTargetAppliers(AwsClientFactory clients, ApplierOptions options, string? homeAccountId = null, string? prerequisiteRoleName = null)
        : this(() => clients, options, homeAccountId, prerequisiteRoleName)
    {
    }

    public Task<ApplyResult> ApplyAsync(TargetWork work, ApplyMode mode, DateTimeOffset deadline, WriteFence? fence, CancellationToken cancellationToken) =>
        work switch
        {
            TargetWork.Aggregator aggregator =>
                _aggregators.Value.ApplyAsync(aggregator, mode, deadline, fence, cancellationToken),
            TargetWork.Distribution distribution =>
                _distributions.Value.ApplyAsync(distribution.Target, distribution.Delta, mode, deadline, fence, cancellationToken),
            TargetWork.DeliveryChannel channel =>
                _channels.Value.ApplyAsync(channel.Target, channel.AccountId, channel.Region, mode, deadline, fence, cancellationToken),
            _ => throw new ArgumentException("unknown work " + work.GetType().Name, nameof(work)),
        };
}
