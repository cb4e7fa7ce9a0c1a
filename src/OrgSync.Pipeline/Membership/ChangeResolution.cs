using OrgSync.Core.Events;
using OrgSync.Core.Targets;
using OrgSync.Pipeline.Units;

namespace OrgSync.Pipeline.Membership;

/// <summary>
/// What a change means for one target (SPEC §1, §2 <c>scope</c>): a channel check reaches only channels; a join
/// refused by the membership check reaches nothing; without a scope a move is nothing; with one, a join of an
/// account outside it is nothing, and a move is a join into the scope or a leave out of it. Leaves reach every
/// target.
/// </summary>
public static class ChangeResolution
{
    public static Func<AccountChange, AccountChange?> For(TargetKind kind, OrganizationScope? scope, AccountLookups lookups)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        return change =>
        {
            if (change.Reach == ChangeReach.DeliveryChannels && kind != TargetKind.DeliveryChannel)
            {
                return null;
            }

            if (change.Kind == ChangeKind.Leave)
            {
                return change;
            }

            var lookup = lookups.Of(change.AccountId);
            if (lookup is { BlocksJoins: true })
            {
                return null;
            }

            if (scope is null)
            {
                return change.Kind == ChangeKind.Move ? null : change;
            }

            if (lookup?.ScopeProblem is not null)
            {
                return null;
            }

            var inScope = scope.Holds(lookup?.Parents ?? []);
            return change.Kind switch
            {
                ChangeKind.Join => inScope ? change : null,
                _ => change with { Kind = inScope ? ChangeKind.Join : ChangeKind.Leave },
            };
        };
    }
}
