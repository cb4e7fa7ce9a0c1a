using System.Collections.Immutable;
using OrgSync.Aws.DeliveryChannels;
using OrgSync.Core.Applying;
using OrgSync.Core.Membership;
using OrgSync.Core.Targets;

namespace OrgSync.Aws.Tests.Fakes;

internal static class ChannelApplierExtensions
{
    /// <summary>Every joining account × every listed Region, one after the other, as the pipeline's units would run them.</summary>
    public static async Task<ImmutableArray<ApplyResult>> ApplyJoinsAsync(
        this DeliveryChannelApplier applier, DeliveryChannelTarget target, MembershipDelta delta, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var results = ImmutableArray.CreateBuilder<ApplyResult>();
        foreach (var accountId in delta.Joins)
        {
            foreach (var region in target.Regions)
            {
                results.Add(await applier.ApplyAsync(target, accountId, region, ApplyMode.Write, deadline, fence: null, cancellationToken));
            }
        }

        return results.ToImmutable();
    }
}
