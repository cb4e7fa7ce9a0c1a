using System.Collections.Immutable;
using OrgSync.Core.Events;

namespace OrgSync.Core.Membership;

/// <summary>Collapsing a batch's changes and shaping them into a planner's delta.</summary>
public static class BatchChanges
{
    /// <summary>Per account, the newest change of the batch (<see cref="ChangeOrder"/>); order of input irrelevant.</summary>
    /// <remarks>
    /// Two changes that <see cref="ChangeOrder"/> ranks equal are the same change delivered twice; the
    /// one that reaches more targets is kept (a reconcile's channel-only join never hides an event's join
    /// of the same instant), then the smaller <see cref="AccountChange.EventId"/> (ordinal, then the
    /// smaller UTC offset), so that even the event id reported does not depend on arrival order.
    /// A newer change of a narrower reach still wins: collapse per target, over the changes that concern it.
    /// </remarks>
    public static ImmutableDictionary<string, AccountChange> Collapse(IEnumerable<AccountChange> changes) =>
        NewestPerAccount(changes).ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>
    /// The delta for one target: excluded accounts dropped (never added, never removed), leaves kept
    /// only when <paramref name="removeOnLeave"/>, moves skipped.
    /// </summary>
    /// <remarks>
    /// A move changes no target by itself: before building the delta of a target with a <c>scope</c>,
    /// the pipeline resolves each move into a join (the scope now holds the account) or a leave (it no
    /// longer does). Whatever move is still here belongs to a target without a scope, which a move does
    /// not touch (SPEC §1); it is dropped before the newest change per account is chosen, so a move does
    /// not hide an older join or leave of the same account from such a target.
    /// <see cref="AccountChange.Reach"/> is not looked at: pass only the changes that concern the target.
    /// </remarks>
    /// <param name="effective">
    /// The changes to apply, normally one per account (<see cref="Collapse"/> after the ledger dropped
    /// stale ones). Should an account still appear more than once, its newest change counts, so that
    /// joins and leaves are always disjoint.
    /// </param>
    public static MembershipDelta ToDelta(
        IEnumerable<AccountChange> effective, IReadOnlySet<string> excludeAccounts, bool removeOnLeave)
    {
        ArgumentNullException.ThrowIfNull(effective);
        ArgumentNullException.ThrowIfNull(excludeAccounts);

        var joins = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        var leaves = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var change in NewestPerAccount(effective.Where(c => c.Kind != ChangeKind.Move)).Values)
        {
            if (excludeAccounts.Contains(change.AccountId))
            {
                continue;
            }

            switch (change.Kind)
            {
                case ChangeKind.Join:
                    joins.Add(change.AccountId);
                    break;
                case ChangeKind.Leave when removeOnLeave:
                    leaves.Add(change.AccountId);
                    break;
            }
        }

        return new MembershipDelta(joins.ToImmutable(), leaves.ToImmutable());
    }

    private static Dictionary<string, AccountChange> NewestPerAccount(IEnumerable<AccountChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);

        var newest = new Dictionary<string, AccountChange>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (!newest.TryGetValue(change.AccountId, out var kept) || IsNewer(change, kept))
            {
                newest[change.AccountId] = change;
            }
        }

        return newest;
    }

    private static bool IsNewer(AccountChange candidate, AccountChange kept)
    {
        var order = ChangeOrder.Compare(candidate, kept);
        if (order == 0)
        {
            // AllTargets (0) before DeliveryChannels (1): the wider reach is "newer".
            order = kept.Reach.CompareTo(candidate.Reach);
        }

        if (order == 0)
        {
            order = string.CompareOrdinal(kept.EventId, candidate.EventId);
        }

        if (order == 0)
        {
            order = kept.Time.Offset.CompareTo(candidate.Time.Offset);
        }

        return order > 0;
    }
}
