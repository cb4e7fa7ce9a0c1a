using OrgSync.Core.Planning;
using OrgSync.Core.Targets;

namespace OrgSync.Core.DeliveryChannels;

/// <summary>SPEC §3.3: the channel a joining account must have, or nothing to write.</summary>
public static class DeliveryChannelPlanner
{
    /// <param name="current">The account's channel in that Region as read; null when it has none.</param>
    public static Plan<PutDeliveryChannelRequest> Plan(DeliveryChannel? current, ChannelSettings settings) =>
        throw new NotImplementedException("issue 2: delivery channel planner");
}
