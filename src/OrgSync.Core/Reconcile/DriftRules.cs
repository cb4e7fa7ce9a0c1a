using System.Collections.Immutable;
using OrgSync.Core.Events;
using OrgSync.Core.Membership;

namespace OrgSync.Core.Reconcile;

/// <summary>
/// SPEC §6, pure: what a target holds against what the organization wants, and the changes that close the gap —
/// stamped with the listing's start, so a change the ledger recorded later (an event) wins and is never undone.
/// </summary>
public static class DriftRules
{
    /// <summary>
    /// The accounts whose ledger entries decide the drift: those present but not desired (stale or foreign? the
    /// ledger knows), and those desired but missing somewhere (was a newer event recorded?).
    /// </summary>
    public static ImmutableSortedSet<string> LedgerQuestions(ImmutableArray<ImmutableSortedSet<string>> lists, ImmutableSortedSet<string> desired)
    {
        if (lists.IsEmpty)
        {
            return ImmutableSortedSet<string>.Empty;
        }

        var (present, everywhere) = Presence(lists);
        return present.Except(desired).Union(desired.Except(everywhere));
    }

    /// <param name="lists">The target's maintained lists as read (empty: it maintains none, e.g. an organization source).</param>
    /// <param name="desired">The members it should hold (<see cref="OrganizationSnapshot.Desired"/>).</param>
    /// <param name="known">What the ledger recorded in this target's scope, for (at least) <see cref="LedgerQuestions"/>.</param>
    /// <param name="policy">What a pass may remove, and what it never touches.</param>
    /// <returns>
    /// The drift as found, and only the changes the pass should write: joins for the missing, leaves for the stale
    /// with <c>removeOnLeave</c> and for the foreign with <c>pruneForeignAccounts</c>, none an event made moot.
    /// </returns>
    public static (TargetDrift Drift, ImmutableArray<AccountChange> Changes) Compute(
        ImmutableArray<ImmutableSortedSet<string>> lists,
        ImmutableSortedSet<string> desired,
        OrganizationSnapshot organization,
        IReadOnlyDictionary<string, AppliedChange> known,
        DriftPolicy policy,
        string eventId)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(policy);
        if (lists.IsEmpty)
        {
            return (TargetDrift.None, []);
        }

        var (present, everywhere) = Presence(lists);

        // A desired account is added even when it is also an allowed non-member: the list only keeps partners from being removed.
        var missing = desired.Except(everywhere);
        var stale = new List<string>();
        var foreign = new List<string>();
        foreach (var account in present.Except(desired).Where(a => !policy.Untouchable.Contains(a)))
        {
            // Listed but not desired (not ACTIVE, outside the scope), or gone from the organization though OrgSync knew it.
            var isStale = organization.Accounts.ContainsKey(account) || known.ContainsKey(account);
            (isStale ? stale : foreign).Add(account);
        }

        var at = organization.ListedAt;
        var leaves = (policy.RemoveOnLeave ? stale : []).Concat(policy.PruneForeign ? foreign : []);
        var candidates = missing.Select(a => new AccountChange(a, ChangeKind.Join, at, eventId))
            .Concat(leaves.Select(a => new AccountChange(a, ChangeKind.Leave, at, eventId)));
        var changes = ImmutableArray.CreateBuilder<AccountChange>();
        var superseded = ImmutableArray.CreateBuilder<string>();
        foreach (var candidate in candidates)
        {
            if (ChangeOrder.IsFresh(candidate, known.GetValueOrDefault(candidate.AccountId)))
            {
                changes.Add(candidate);
            }
            else
            {
                superseded.Add(candidate.AccountId);
            }
        }

        return (new TargetDrift([.. missing], [.. stale], [.. foreign], [], superseded.ToImmutable().Sort(StringComparer.Ordinal)), changes.ToImmutable());
    }

    /// <summary>Every account in some list, and the accounts in all of them.</summary>
    private static (ImmutableSortedSet<string> Present, ImmutableSortedSet<string> Everywhere) Presence(ImmutableArray<ImmutableSortedSet<string>> lists)
    {
        var present = lists[0];
        var everywhere = lists[0];
        foreach (var list in lists.Skip(1))
        {
            present = present.Union(list);
            everywhere = everywhere.Intersect(list);
        }

        return (present, everywhere);
    }
}
