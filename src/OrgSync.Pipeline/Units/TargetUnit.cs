using System.Collections.Immutable;
using OrgSync.Core.Applying;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Pipeline.Units;

/// <summary>
/// One unit of work of a batch: one resource under one lease, with the ledger scope that says which of the
/// batch's changes it already has. Aggregators and distribution configurations are one unit each, for every
/// account of the batch; a delivery-channel setting is one unit per (account, Region), because each account
/// has its own channel (and its own lease), while the ledger scope is shared per setting and Region.
/// </summary>
public abstract record TargetUnit
{
    private TargetUnit(string key, string leaseKey, string scope, string metricTarget, TargetKind kind, string region, string? accountId, ImmutableArray<AccountChange> changes)
    {
        Key = key;
        LeaseKey = leaseKey;
        Scope = scope;
        MetricTarget = metricTarget;
        Kind = kind;
        Region = region;
        AccountId = accountId;
        Changes = changes;
    }

    /// <summary>What outcomes and logs call it: the target key, or a channel's resource key.</summary>
    public string Key { get; }

    public string LeaseKey { get; }

    /// <summary>The ledger scope.</summary>
    public string Scope { get; }

    /// <summary>The metrics dimension: the target key, or the channel setting's scope (one per Region, not per account).</summary>
    public string MetricTarget { get; }

    public TargetKind Kind { get; }

    public string Region { get; }

    /// <summary>The member account of a channel; null for home-account resources.</summary>
    public string? AccountId { get; }

    /// <summary>The batch's winning changes in this unit's scope (before the ledger).</summary>
    public ImmutableArray<AccountChange> Changes { get; }

    /// <summary>What <paramref name="fresh"/> means for this resource: excluded accounts dropped, leaves only with removeOnLeave.</summary>
    public virtual MembershipDelta DeltaOf(IEnumerable<AccountChange> fresh, TargetsFile targets) =>
        BatchChanges.ToDelta(fresh, Excluded(targets), targets.RemoveOnLeave);

    /// <summary>What the appliers are asked to bring in line for <paramref name="delta"/>.</summary>
    public abstract TargetWork Work(MembershipDelta delta);

    /// <summary>Every unit of <paramref name="targets"/> that a batch with <paramref name="winners"/> concerns, in the targets file's order.</summary>
    public static ImmutableArray<TargetUnit> For(TargetsFile targets, ImmutableArray<AccountChange> winners)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (winners.IsEmpty)
        {
            return ImmutableArray<TargetUnit>.Empty;
        }

        var units = ImmutableArray.CreateBuilder<TargetUnit>();
        units.AddRange(targets.Aggregators.Select(target => new Aggregator(target, winners)));
        units.AddRange(targets.Distributions.Select(target => new Distribution(target, winners)));
        foreach (var channel in targets.DeliveryChannels)
        {
            foreach (var region in channel.Regions)
            {
                units.AddRange(winners.Select(change => new DeliveryChannel(channel, region, change)));
            }
        }

        return units.ToImmutable();
    }

    private static HashSet<string> Excluded(TargetsFile targets) => [.. targets.ExcludeAccounts];

    public sealed record Aggregator : TargetUnit
    {
        public Aggregator(AggregatorTarget target, ImmutableArray<AccountChange> changes)
            : base(target.Key, target.Key, target.Key, target.Key, TargetKind.Aggregator, target.Region, null, changes)
        {
            Target = target;
        }

        public AggregatorTarget Target { get; }

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.Aggregator(Target, delta);
    }

    public sealed record Distribution : TargetUnit
    {
        public Distribution(DistributionTarget target, ImmutableArray<AccountChange> changes)
            : base(target.Key, target.Key, target.Key, target.Key, TargetKind.Distribution, target.Region, null, changes)
        {
            Target = target;
        }

        public DistributionTarget Target { get; }

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.Distribution(Target, delta);
    }

    /// <summary>
    /// One account's channel in one Region. A leave is still recorded in the ledger (so that an older join
    /// delivered later is recognised as stale), but changes no channel (SPEC §3.3).
    /// </summary>
    public sealed record DeliveryChannel : TargetUnit
    {
        public DeliveryChannel(DeliveryChannelTarget target, string region, AccountChange change)
            : base(
                DeliveryChannelTarget.ResourceKey(change.AccountId, region),
                DeliveryChannelTarget.ResourceKey(change.AccountId, region),
                target.Scope(region),
                target.Scope(region),
                TargetKind.DeliveryChannel,
                region,
                change.AccountId,
                [change])
        {
            Target = target;
        }

        public DeliveryChannelTarget Target { get; }

        /// <summary>Only joins: a leave changes no channel, whatever removeOnLeave says.</summary>
        public override MembershipDelta DeltaOf(IEnumerable<AccountChange> fresh, TargetsFile targets) =>
            BatchChanges.ToDelta(fresh, Excluded(targets), removeOnLeave: false);

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.DeliveryChannel(Target, AccountId!, Region);
    }
}
