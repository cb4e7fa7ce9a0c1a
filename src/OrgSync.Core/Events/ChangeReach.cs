namespace OrgSync.Core.Events;

/// <summary>Which targets an <see cref="AccountChange"/> may touch.</summary>
/// <remarks>
/// <see cref="Membership.BatchChanges"/> and <see cref="Membership.ChangeOrder"/> do not look at the
/// reach: select the changes that concern a target before collapsing them for it, or a channel-only
/// change could hide an older join from an aggregator.
/// </remarks>
public enum ChangeReach
{
    /// <summary>Every target: aggregators, distributions and delivery channels.</summary>
    AllTargets,

    /// <summary>
    /// Delivery-channel targets only: a <c>Reconcile Account</c> request (SPEC §6), which checks one
    /// account's channels and must never touch an aggregator or a distribution.
    /// </summary>
    DeliveryChannels,
}
