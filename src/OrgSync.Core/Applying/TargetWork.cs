using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Core.Applying;

/// <summary>What one apply is asked to bring in line: a resource and the account changes it must reflect.</summary>
public abstract record TargetWork
{
    private TargetWork()
    {
    }

    /// <summary>The key results, leases and logs use for the resource.</summary>
    public abstract string Key { get; }

    /// <summary>SPEC §3.1: one aggregator, home account, its Region.</summary>
    public sealed record Aggregator(AggregatorTarget Target, MembershipDelta Delta) : TargetWork
    {
        public override string Key => Target.Key;

        /// <summary>
        /// Whether an account removed from this aggregator withdraws its aggregation authorization (SPEC §3.5). An
        /// authorization names the aggregator's account and Region, not the aggregator, so it is shared by every aggregator
        /// of that Region: false when another target lives there, which may still collect from the account (a move out of
        /// this one's scope must not cut the other off).
        /// </summary>
        public bool WithdrawAuthorizations { get; init; } = true;
    }

    /// <summary>SPEC §3.2: one distribution configuration, the Region of its ARN.</summary>
    public sealed record Distribution(DistributionTarget Target, MembershipDelta Delta) : TargetWork
    {
        public override string Key => Target.Key;
    }

    /// <summary>SPEC §3.3: one joining account's channel in one Region.</summary>
    public sealed record DeliveryChannel(DeliveryChannelTarget Target, string AccountId, string Region) : TargetWork
    {
        public override string Key => DeliveryChannelTarget.ResourceKey(AccountId, Region);
    }
}
