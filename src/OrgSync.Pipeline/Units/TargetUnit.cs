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
    private TargetUnit(string key, string leaseKey, string scope, string metricTarget, TargetKind kind, string region, string? accountId, ChangeSet changes)
    {
        Key = key;
        LeaseKey = leaseKey;
        Scope = scope;
        MetricTarget = metricTarget;
        Kind = kind;
        Region = region;
        AccountId = accountId;
        ChangeSet = changes;
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

    /// <summary>The changes the unit is asked to reflect, with the inputs that carry them (before the ledger).</summary>
    public ChangeSet ChangeSet { get; }

    /// <summary>The newest change per account (before the ledger), ordered by account id.</summary>
    public ImmutableArray<AccountChange> Changes => ChangeSet.Winners;

    /// <summary>What <paramref name="fresh"/> means for this resource: excluded accounts dropped, leaves only with removeOnLeave.</summary>
    public virtual MembershipDelta DeltaOf(IEnumerable<AccountChange> fresh, TargetsFile targets) =>
        BatchChanges.ToDelta(fresh, Excluded(targets), targets.RemoveOnLeave);

    /// <summary>What the appliers are asked to bring in line for <paramref name="delta"/>.</summary>
    public abstract TargetWork Work(MembershipDelta delta);

    /// <summary>The same resource, asked to reflect <paramref name="changes"/> instead.</summary>
    public abstract TargetUnit WithChanges(ChangeSet changes);

    /// <summary>
    /// Every unit of <paramref name="targets"/> with something to do, in the targets file's order: one per aggregator
    /// and distribution configuration whose change set is not empty, one per account and Region of each channel target.
    /// </summary>
    /// <param name="changesFor">The changes a target reflects (its kind and scope decide how it reads the input).</param>
    public static ImmutableArray<TargetUnit> For(TargetsFile targets, Func<TargetKind, OrganizationScope?, ChangeSet> changesFor)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(changesFor);
        var units = ImmutableArray.CreateBuilder<TargetUnit>();
        foreach (var target in targets.Aggregators)
        {
            var changes = changesFor(TargetKind.Aggregator, target.OrganizationScope);
            if (!changes.Winners.IsEmpty)
            {
                units.Add(Aggregator.Of(targets, target, changes));
            }
        }

        foreach (var target in targets.Distributions)
        {
            var changes = changesFor(TargetKind.Distribution, target.OrganizationScope);
            if (!changes.Winners.IsEmpty)
            {
                units.Add(new Distribution(target, changes));
            }
        }

        foreach (var channel in targets.DeliveryChannels)
        {
            var changes = changesFor(TargetKind.DeliveryChannel, channel.OrganizationScope);
            foreach (var region in channel.Regions)
            {
                units.AddRange(changes.Winners.Select(change => new DeliveryChannel(channel, region, change.AccountId, changes.For([change.AccountId]))));
            }
        }

        return units.ToImmutable();
    }

    private static HashSet<string> Excluded(TargetsFile targets) => [.. targets.ExcludeAccounts];

    public sealed record Aggregator : TargetUnit
    {
        public Aggregator(AggregatorTarget target, ChangeSet changes)
            : base(target.Key, target.Key, target.Key, target.Key, TargetKind.Aggregator, target.Region, null, changes)
        {
            Target = target;
        }

        public AggregatorTarget Target { get; }

        /// <summary>Another aggregator target lives in the same Region, so their sources' authorizations are shared.</summary>
        public bool SharesRegion { get; init; }

        /// <summary>The unit of <paramref name="target"/>, knowing whether <paramref name="targets"/> puts another aggregator in its Region.</summary>
        public static Aggregator Of(TargetsFile targets, AggregatorTarget target, ChangeSet changes)
        {
            ArgumentNullException.ThrowIfNull(targets);
            ArgumentNullException.ThrowIfNull(target);
            return new Aggregator(target, changes) { SharesRegion = targets.Aggregators.Count(other => other.Region == target.Region) > 1 };
        }

        public override TargetUnit WithChanges(ChangeSet changes) => new Aggregator(Target, changes) { SharesRegion = SharesRegion };

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.Aggregator(Target, delta) { WithdrawAuthorizations = !SharesRegion };
    }

    public sealed record Distribution : TargetUnit
    {
        public Distribution(DistributionTarget target, ChangeSet changes)
            : base(target.Key, target.Key, target.Key, target.Key, TargetKind.Distribution, target.Region, null, changes)
        {
            Target = target;
        }

        public DistributionTarget Target { get; }

        public override TargetUnit WithChanges(ChangeSet changes) => new Distribution(Target, changes);

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.Distribution(Target, delta);
    }

    /// <summary>
    /// One account's channel in one Region. A leave is still recorded in the ledger (so that an older join
    /// delivered later is recognised as stale), but changes no channel (SPEC §3.3).
    /// </summary>
    public sealed record DeliveryChannel : TargetUnit
    {
        public DeliveryChannel(DeliveryChannelTarget target, string region, string accountId, ChangeSet changes)
            : base(
                DeliveryChannelTarget.ResourceKey(accountId, region),
                DeliveryChannelTarget.ResourceKey(accountId, region),
                target.Scope(region),
                target.Scope(region),
                TargetKind.DeliveryChannel,
                region,
                accountId,
                changes)
        {
            Target = target;
        }

        public DeliveryChannelTarget Target { get; }

        public override TargetUnit WithChanges(ChangeSet changes) => new DeliveryChannel(Target, Region, AccountId!, changes);

        /// <summary>Only joins: a leave changes no channel, whatever removeOnLeave says.</summary>
        public override MembershipDelta DeltaOf(IEnumerable<AccountChange> fresh, TargetsFile targets) =>
            BatchChanges.ToDelta(fresh, Excluded(targets), removeOnLeave: false);

        public override TargetWork Work(MembershipDelta delta) => new TargetWork.DeliveryChannel(Target, AccountId!, Region);
    }
}
